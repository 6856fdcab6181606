using System.Diagnostics;
using System.Text.Json;
using Kiaraoke.Alignment;
using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Formats;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Cli;

/// <summary><c>kiaraoke align</c>: audio + lyrics (.txt or .lrc) → Kiaraoke word-timestamp JSON.</summary>
internal static class AlignCommand
{
    public const string Usage =
        "kiaraoke align --audio FILE --lyrics FILE(.txt|.lrc) [--lang fr] [--model DIR] [--out FILE]\n" +
        "               [--format json|lrc|ass|vtt|ttml|srt|ultrastar] [--title T] [--artist A]\n" +
        "               [--onsets] [--normalize] [--no-line-times] [--padding-ms 200] [--threads N]";

    private static readonly HashSet<string> Values = ["--audio", "--lyrics", "--lang", "--model", "--out", "--padding-ms", "--threads", "--format", "--title", "--artist"];
    private static readonly HashSet<string> Flags = ["--onsets", "--normalize", "--no-line-times"];

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse(args, Values, Flags);
        var audioPath = line.Require("--audio");
        var lyricsPath = line.Require("--lyrics");
        var language = line.Get("--lang") ?? "fr";
        var format = OutputFormat(line.Get("--format"), line.Get("--out"));
        var modelDirectory = ModelLocator.Resolve(line.Get("--model"));
        var options = new AlignerOptions
        {
            OnsetRefinement = line.Has("--onsets"),
            UseLineTimes = !line.Has("--no-line-times"),
            MaxBlankPaddingMs = line.GetInt("--padding-ms", 200),
            Emissions = new EmissionOptions { NormalizeWindows = line.Has("--normalize") },
        };

        var clock = Stopwatch.StartNew();
        var lyrics = LyricsReader.ReadFile(lyricsPath);
        stderr.WriteLine($"[lyrics] {lyrics.Lines.Count} lines, {lyrics.WordCount} words{(lyrics.HasLineTimes ? ", with line times" : string.Empty)}");

        using var model = OnnxEmissionModel.Load(modelDirectory, new OnnxModelOptions { IntraOpThreads = line.GetInt("--threads", 0) });
        stderr.WriteLine($"[model] {model.Descriptor.Id} ({model.Descriptor.Revision}) on {model.Device}");

        var decodeClock = Stopwatch.StartNew();
        var audio = new FfmpegAudioDecoder().Decode(audioPath, cancellationToken);
        var decodeTime = decodeClock.Elapsed;
        stderr.WriteLine($"[decode] {audio.DurationSeconds:0.0} s of audio in {decodeTime.TotalSeconds:0.00} s");

        var aligner = new ForcedAligner(model, model.Vocabulary, options);
        var progress = new SynchronousProgress(message => stderr.WriteLine($"[align] {message}"));
        var result = aligner.Align(audio, lyrics, cancellationToken, progress);
        result = result with { Timings = result.Timings with { Decode = decodeTime } };
        var t = result.Timings;
        stderr.WriteLine(
            $"[done] {result.WordCount} words, confidence {result.ConfidenceAverage:0.000}; decode {t.Decode.TotalMilliseconds:0} ms, " +
            $"emissions {t.Emissions.TotalMilliseconds:0} ms, viterbi {t.Viterbi.TotalMilliseconds:0} ms, post {t.PostProcess.TotalMilliseconds:0} ms, total {clock.Elapsed.TotalSeconds:0.00} s");

        var text = format == KaraokeFormat.Json
            ? JsonSerializer.Serialize(KaraokeDocument.From(result, language, $"{model.Descriptor.Id}@{model.Descriptor.Revision}"), KaraokeDocument.JsonOptions) + Environment.NewLine
            : KaraokeExporter.Write(format, new KaraokeTimeline(result.Lines, result.DurationMs, line.Get("--title"), line.Get("--artist"), language, Path.GetFileName(audioPath)));
        if (line.Get("--out") is { } output)
        {
            File.WriteAllText(output, text);
            stderr.WriteLine($"[out] {output}");
        }
        else
        {
            stdout.Write(text);
        }

        return 0;
    }

    /// <summary><c>--format</c> when given, else the one <c>--out</c>'s extension names, else JSON.</summary>
    private static KaraokeFormat OutputFormat(string? name, string? output)
    {
        if (name is not null)
        {
            return KaraokeFormats.TryParse(name, out var format)
                ? format
                : throw new UsageException($"--format '{name}' is unknown; use one of {string.Join(", ", KaraokeFormats.Names)}.");
        }

        return output is null ? KaraokeFormat.Json : KaraokeFormats.FromFileName(output) ?? KaraokeFormat.Json;
    }
}

/// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<string> report) : IProgress<string>
{
    public void Report(string value) => report(value);
}

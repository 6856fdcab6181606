using System.Diagnostics;
using Kiaraoke.Alignment.Audio;

namespace Kiaraoke.Cli.Bench;

/// <summary>
/// One song's outcome in one run: its metrics, its wall time per stage (and the engine's extra figures), and the
/// engine's per-frame voice activity when it has one (for the diagnostic plot).
/// </summary>
internal sealed record SongRun(GoldenSong Song, double DurationSeconds, SongMetrics Metrics, IReadOnlyList<PredictedWord> Predicted, IReadOnlyDictionary<string, double> Timings)
{
    public float[]? VoiceActivity { get; init; }
}

/// <summary>Runs an engine over a golden set <c>runs</c> times under one line mode.</summary>
internal sealed class BenchRunner(IBenchEngine engine, LineMode mode, int seed, TextWriter log, int lrcOffsetMs = 0)
{
    public IReadOnlyList<IReadOnlyList<SongRun>> Run(IReadOnlyList<GoldenSong> songs, int runs, CancellationToken cancellationToken)
    {
        var decoder = new FfmpegAudioDecoder();
        var all = new List<IReadOnlyList<SongRun>>();
        for (var run = 0; run < runs; run++)
        {
            var results = new List<SongRun>();
            for (var s = 0; s < songs.Count; s++)
            {
                var song = songs[s];
                var wall = Stopwatch.StartNew();
                var decodeClock = Stopwatch.StartNew();
                var audio = decoder.Decode(song.AudioPath, cancellationToken);
                var decode = decodeClock.Elapsed;
                var lyrics = LineTimes.For(song, mode, seed + (1_000 * run) + s, lrcOffsetMs);
                var aligned = engine.Align(song, audio, lyrics, cancellationToken);
                var result = aligned.Result;
                wall.Stop();

                var predicted = result.Words.Select(w => new PredictedWord(w.Word, w.StartMs / 1000.0, w.EndMs / 1000.0)).ToList();
                var metrics = SongScorer.Score(song, predicted, audio.DurationSeconds);
                var t = result.Timings;
                var timings = new Dictionary<string, double>
                {
                    ["decode_s"] = decode.TotalSeconds,
                    ["emissions_s"] = t.Emissions.TotalSeconds,
                    ["viterbi_s"] = t.Viterbi.TotalSeconds,
                    ["post_s"] = t.PostProcess.TotalSeconds,
                    ["wall_s"] = wall.Elapsed.TotalSeconds,
                    ["rtf_decode"] = decode.TotalSeconds / audio.DurationSeconds,
                    ["rtf_emissions"] = t.Emissions.TotalSeconds / audio.DurationSeconds,
                    ["rtf_viterbi"] = t.Viterbi.TotalSeconds / audio.DurationSeconds,
                    ["rtf_post"] = t.PostProcess.TotalSeconds / audio.DurationSeconds,
                    ["rtf_total"] = wall.Elapsed.TotalSeconds / audio.DurationSeconds,
                };
                foreach (var (key, value) in aligned.Extras ?? new Dictionary<string, double>())
                {
                    timings[key] = value;
                }

                results.Add(new SongRun(song, audio.DurationSeconds, metrics, predicted, timings) { VoiceActivity = aligned.VoiceActivity });
                log.WriteLine($"[bench] run {run + 1}/{runs} {engine.Name} lines={LineTimes.Name(mode, lrcOffsetMs)} {song.Id}: AAE {metrics.Starts.Aae:0.000} s, median {metrics.Starts.Median:0.000} s, hit300 {metrics.Starts.Hit300:P0}, wall {wall.Elapsed.TotalSeconds:0.0} s{AnchorNote(result)}");
            }

            all.Add(results);
        }

        return all;
    }

    private static string AnchorNote(Kiaraoke.Alignment.Timing.AlignmentResult result) =>
        result.Anchors is { } a
            ? $", lrc offset {a.LrcOffsetMs} ms (estimate {a.OffsetEstimate?.OffsetMs} ms, agreement {a.OffsetEstimate?.Agreement:0.00} of {a.OffsetEstimate?.Lines} lines), unmet anchors {a.UnmetAnchors}"
            : string.Empty;
}

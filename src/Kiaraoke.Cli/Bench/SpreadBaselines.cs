using System.Diagnostics;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Cli.Bench;

/// <summary>
/// Baseline <c>uniform</c>: every word spread by character count between the first and the last vocal activity
/// (energy above a tenth of the loud frames' level). It ignores line times.
/// </summary>
internal sealed class UniformBaseline : IBenchEngine
{
    public string Name => "uniform";

    public string ModelId => "none";

    public string ModelSha256 => string.Empty;

    public BenchAlignment Align(GoldenSong song, PcmAudio audio, Lyrics lyrics, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (from, to) = VocalActivity.Span(audio);
        var words = lyrics.AllWords.Select(w => w.Text).ToArray();
        var times = CharacterCountSpread.Spread(words, from, to);
        return new BenchAlignment(SpreadResult.Build(lyrics, times, audio, clock.Elapsed));
    }
}

/// <summary>
/// Baseline <c>line-spread</c>: words spread by character count inside each line's time window. With no line
/// times (<c>--lines none</c>) it has nothing to spread inside and behaves as <c>uniform</c>.
/// </summary>
internal sealed class LineSpreadBaseline : IBenchEngine
{
    public string Name => "line-spread";

    public string ModelId => "none";

    public string ModelSha256 => string.Empty;

    public BenchAlignment Align(GoldenSong song, PcmAudio audio, Lyrics lyrics, CancellationToken cancellationToken)
    {
        if (!lyrics.Lines.All(l => l.StartMs is not null))
        {
            return new UniformBaseline().Align(song, audio, lyrics, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        var times = new List<(int, int)>();
        for (var i = 0; i < lyrics.Lines.Count; i++)
        {
            var line = lyrics.Lines[i];
            var start = line.StartMs!.Value;
            var end = line.EndMs ?? (i + 1 < lyrics.Lines.Count ? lyrics.Lines[i + 1].StartMs!.Value : audio.DurationMs);
            times.AddRange(CharacterCountSpread.Spread(line.Words.Select(w => w.Text).ToArray(), start, Math.Max(end, start + 1)));
        }

        return new BenchAlignment(SpreadResult.Build(lyrics, [.. times], audio, clock.Elapsed));
    }
}

internal static class SpreadResult
{
    public static AlignmentResult Build(Lyrics lyrics, (int StartMs, int EndMs)[] times, PcmAudio audio, TimeSpan elapsed)
    {
        var provisional = times.Select(t => new ProvisionalWord(t.StartMs, t.EndMs, 0, WordTimingSource.LineSpread)).ToArray();
        var lines = WordTimeline.Build(lyrics, provisional, audio.DurationMs);
        return new AlignmentResult(lines, audio.DurationMs, new StageTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, elapsed));
    }
}

/// <summary>First and last 20 ms frame whose RMS reaches a tenth of the 95th-percentile frame RMS.</summary>
internal static class VocalActivity
{
    public static (int FromMs, int ToMs) Span(PcmAudio audio)
    {
        const int frame = 320;
        var count = audio.SampleCount / frame;
        if (count == 0)
        {
            return (0, audio.DurationMs);
        }

        var rms = new double[count];
        for (var f = 0; f < count; f++)
        {
            var sum = 0.0;
            for (var i = 0; i < frame; i++)
            {
                var s = audio.Samples[(f * frame) + i];
                sum += s * s;
            }

            rms[f] = Math.Sqrt(sum / frame);
        }

        var loud = rms.Order().ElementAt((int)(0.95 * (count - 1)));
        var threshold = loud / 10;
        var first = Array.FindIndex(rms, r => r >= threshold && r > 0);
        var last = Array.FindLastIndex(rms, r => r >= threshold && r > 0);
        return first < 0 ? (0, audio.DurationMs) : (first * 20, Math.Min(audio.DurationMs, (last + 1) * 20));
    }
}

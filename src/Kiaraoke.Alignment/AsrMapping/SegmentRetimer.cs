using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// Segment-level fallback: Tier 1 keeps the lines it aligned well; each run of consecutive weak lines is re-timed from
/// the ASR words heard between the surrounding good lines (the end of the previous one, the start of the next), by
/// the same lyric mapping as Tiers 2/3, and merged back. A run the ASR barely recognised keeps its Tier-1 times.
/// </summary>
public static class SegmentRetimer
{
    public static double LineConfidence(AlignedLine line) => line.Words.Count == 0 ? 0 : line.Words.Average(w => w.Confidence);

    public static IReadOnlyList<int> FindWeakLines(IReadOnlyList<AlignedLine> lines, double threshold) =>
        lines.Select((line, index) => (line, index)).Where(x => LineConfidence(x.line) < threshold).Select(x => x.index).ToList();

    public static SegmentRetiming Retime(IReadOnlyList<AlignedLine> tier1, AsrTranscript transcript, int durationMs, SegmentRetimeOptions? options = null)
    {
        options ??= new SegmentRetimeOptions();
        var weak = FindWeakLines(tier1, options.LineConfidenceThreshold);
        var merged = tier1.ToArray();
        var retimed = new List<int>();
        var k = 0;
        while (k < weak.Count)
        {
            var first = weak[k];
            var last = first;
            while (k + 1 < weak.Count && weak[k + 1] == last + 1)
            {
                k++;
                last = weak[k];
            }

            k++;
            var fromMs = first == 0 ? 0 : tier1[first - 1].EndMs;
            var toMs = last == tier1.Count - 1 ? durationMs : tier1[last + 1].StartMs;
            var replacement = RetimeRun(tier1, first, last, transcript, fromMs, toMs, options);
            if (replacement is null)
            {
                continue;
            }

            for (var i = first; i <= last; i++)
            {
                merged[i] = replacement[i - first];
                retimed.Add(i);
            }
        }

        return new SegmentRetiming(merged, weak, retimed);
    }

    private static IReadOnlyList<AlignedLine>? RetimeRun(
        IReadOnlyList<AlignedLine> tier1, int first, int last, AsrTranscript transcript, int fromMs, int toMs, SegmentRetimeOptions options)
    {
        var windowMs = toMs - fromMs;
        var lines = new List<LyricLine>(last - first + 1);
        for (var i = first; i <= last; i++)
        {
            lines.Add(new LyricLine(tier1[i].Words.Select(w => new LyricWord(w.Word)).ToArray(), 0));
        }

        var lyrics = new Lyrics(lines);
        if (windowMs < 2 * lyrics.WordCount)
        {
            return null;
        }

        // The ASR words heard in the window, moved so that the window starts at 0.
        var fromSeconds = fromMs / 1000.0;
        var toSeconds = toMs / 1000.0;
        var inside = transcript.Words
            .Where(w => w.MidSeconds >= fromSeconds && w.MidSeconds < toSeconds)
            .Select(w => w with
            {
                StartSeconds = Math.Max(0, w.StartSeconds - fromSeconds),
                EndSeconds = Math.Min(toSeconds, w.EndSeconds) - fromSeconds,
            })
            .ToList();
        if (inside.Count == 0)
        {
            return null;
        }

        AsrMappingResult mapping;
        try
        {
            mapping = AsrLyricsMapper.Map(lyrics, new AsrTranscript(inside, []), windowMs, options.Mapping);
        }
        catch (TimingContractException)
        {
            return null;
        }

        if (mapping.MatchedRatio < options.MinMatchedRatio)
        {
            return null;
        }

        return mapping.Lines
            .Select((line, index) => new AlignedLine(
                line.StartMs + fromMs,
                line.EndMs + fromMs,
                tier1[first + index].Text,
                line.Words.Select(w => w with { StartMs = w.StartMs + fromMs, EndMs = w.EndMs + fromMs }).ToArray()))
            .ToList();
    }
}

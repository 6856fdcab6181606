using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Anchors;

/// <summary>
/// Finds a whole-file offset between an LRC's line times and where the lines are sung (an LRC synced on another edit
/// of the song, or with a constant lag). One Viterbi pass holds each line's first character within
/// <c>start ± (largest offset + slack)</c> instead of the usual line margin; each timed line then votes with the gap
/// between its first character on the path and its LRC time. The median of the densest cluster of gaps (1 s wide) is
/// the estimate; it counts as confident when enough lines agree with it within <see cref="AgreementMs"/> (a song whose
/// lines are each a little off in their own way shows no common offset, and keeps its times).
/// </summary>
public static class LrcOffsetDetector
{
    /// <summary>A line agrees with the estimate when its own gap is this close to the median.</summary>
    public const int AgreementMs = 500;

    /// <summary>
    /// Share of the voting lines that must agree for the estimate to be used. Chosen on the UltraStar dev songs
    /// (benchmarks/ultrastar-dev.txt) with <c>--lines lrc --lrc-offset-ms ±1000/±2500</c>: real songs gave 0.45–0.85
    /// for a true 2.5 s offset (the wide pass puts some lines on a neighbour's words), so 0.6 missed half of them.
    /// </summary>
    public const double MinimumAgreement = 0.4;

    /// <summary>Fewer timed lines than this never give a confident estimate.</summary>
    public const int MinimumLines = 4;

    public static LrcOffsetEstimate Estimate(EmissionMatrix emissions, Lyrics lyrics, AlignmentTargets targets, int blankId, int durationMs, int maxOffsetMs)
    {
        var marginFrames = (maxOffsetMs + AgreementMs) / EmissionMatrix.FrameMs;
        var windows = LineAnchorWindows.Build(lyrics, targets, emissions.Frames, marginFrames, durationMs);
        CtcPath path;
        try
        {
            path = CtcViterbi.Align(emissions, targets.Tokens, blankId, windows);
        }
        catch (CtcAlignmentException)
        {
            return LrcOffsetEstimate.None;
        }

        var firstFrameOfToken = new Dictionary<int, int>();
        for (var t = 0; t < path.TokenIndexPerFrame.Length; t++)
        {
            var token = path.TokenIndexPerFrame[t];
            if (token >= 0)
            {
                firstFrameOfToken.TryAdd(token, t);
            }
        }

        var gapsMs = new List<int>();
        for (var l = 0; l < lyrics.Lines.Count; l++)
        {
            var (from, count) = targets.LineTokens[l].GetOffsetAndLength(targets.Tokens.Length);
            if (count > 0 && lyrics.Lines[l].StartMs is { } startMs && firstFrameOfToken.TryGetValue(from, out var firstFrame))
            {
                gapsMs.Add((firstFrame * EmissionMatrix.FrameMs) - startMs);
            }
        }

        if (gapsMs.Count == 0)
        {
            return LrcOffsetEstimate.None;
        }

        // The densest cluster of gapsMs, not their medianMs: lines the wide pass put on a neighbour's words scatter, while
        // the lines it found agree with each other.
        gapsMs.Sort();
        var bestCount = 0;
        var bestFrom = 0;
        for (int i = 0, j = 0; i < gapsMs.Count; i++)
        {
            while (gapsMs[j] < gapsMs[i] - (2 * AgreementMs))
            {
                j++;
            }

            if (i - j + 1 > bestCount)
            {
                bestCount = i - j + 1;
                bestFrom = j;
            }
        }

        var medianMs = gapsMs[bestFrom + (bestCount / 2)];
        var agreement = (double)gapsMs.Count(g => Math.Abs(g - medianMs) <= AgreementMs) / gapsMs.Count;
        var confident = gapsMs.Count >= MinimumLines && agreement >= MinimumAgreement;
        return new LrcOffsetEstimate(Math.Clamp(medianMs, -maxOffsetMs, maxOffsetMs), agreement, gapsMs.Count, confident);
    }

    /// <summary>The lyrics with every line time and word tag moved by <paramref name="offsetMs"/> (later when positive), never before 0.</summary>
    public static Lyrics Shift(Lyrics lyrics, int offsetMs)
    {
        if (offsetMs == 0)
        {
            return lyrics;
        }

        static int? Move(int? ms, int by) => ms is { } t ? Math.Max(0, t + by) : null;
        var lines = lyrics.Lines
            .Select(line => line with
            {
                StartMs = Move(line.StartMs, offsetMs),
                EndMs = Move(line.EndMs, offsetMs),
                Words = line.Words.Select(w => w with { TaggedStartMs = Move(w.TaggedStartMs, offsetMs) }).ToArray(),
            })
            .ToArray();
        return lyrics with { Lines = lines };
    }
}

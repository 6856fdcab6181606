using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// Turns line times (LRC, synced lines) into <see cref="TokenWindows"/>: every character of a line may only be sung
/// within <c>[start − margin, end + margin]</c> of its line, and its first character — a line's time marks when its
/// first word is sung — within <c>start ± margin</c>; wildcards may go anywhere. The song stays one global
/// Viterbi path, so an early or late line cannot push the lines after it out of place (aligning line by line with a
/// floor at the previous line's last character did exactly that when annotated lines overlapped).
/// Windows too short or out of order for their text are widened, in order, until a path exists. Lines without a
/// time get no window.
/// </summary>
public static class LineAnchorWindows
{
    public static TokenWindows Build(Lyrics lyrics, AlignmentTargets targets, int frames, int marginFrames, int durationMs)
    {
        var tokens = targets.Tokens;
        var first = new int[tokens.Length];
        var end = new int[tokens.Length];
        Array.Fill(end, frames);

        var earliest = 0;
        for (var l = 0; l < lyrics.Lines.Count; l++)
        {
            var (from, count) = targets.LineTokens[l].GetOffsetAndLength(tokens.Length);
            if (count == 0)
            {
                continue;
            }

            if (lyrics.Lines[l].StartMs is not { } startMs)
            {
                // A line without a time (an untagged LRC line) is only held in order by its neighbours.
                earliest += CtcViterbi.MinimumFrames(tokens.AsSpan(from, count)) + 2;
                continue;
            }

            var endMs = Math.Max(lyrics.LineEndMs(l, durationMs), startMs);

            // One spare frame for a blank between repeated letters across the line break, one for a wildcard.
            var needed = CtcViterbi.MinimumFrames(tokens.AsSpan(from, count)) + 2;
            var windowStart = Math.Clamp((startMs / EmissionMatrix.FrameMs) - marginFrames, 0, Math.Max(0, frames - needed));
            var windowEnd = Math.Clamp((endMs / EmissionMatrix.FrameMs) + marginFrames, 0, frames);
            var lineStart = Math.Max(windowStart, earliest);
            windowEnd = Math.Min(frames, Math.Max(windowEnd, lineStart + needed));
            earliest = lineStart + needed;

            Array.Fill(first, windowStart, from, count);
            Array.Fill(end, windowEnd, from, count);
            var startFrame = startMs / EmissionMatrix.FrameMs;
            end[from] = Math.Min(windowEnd, Math.Max(startFrame + marginFrames + 1, lineStart + 1));
        }

        return new TokenWindows(first, end);
    }
}

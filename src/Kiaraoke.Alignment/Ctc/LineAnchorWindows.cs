using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// Turns line times (LRC, synced lines) into <see cref="TokenWindows"/>: every character of a line may only be sung
/// within <c>[start − margin, end + margin]</c> of its line, and its first character — a line's time marks when its
/// first word is sung — within <c>start ± margin</c>; wildcards may go anywhere. The song stays one global
/// Viterbi path, so an early or late line cannot push the lines after it out of place (aligning line by line with a
/// floor at the previous line's last character did exactly that when annotated lines overlapped).
/// Windows too short or out of order for their text are widened, in order, until a path exists.
/// </summary>
public static class LineAnchorWindows
{
    public static TokenWindows Build(Lyrics lyrics, AlignmentTargets targets, int frames, int marginFrames, int durationMs)
    {
        var lineOfWord = new int[lyrics.WordCount];
        var w = 0;
        for (var l = 0; l < lyrics.Lines.Count; l++)
        {
            for (var k = 0; k < lyrics.Lines[l].Words.Count; k++)
            {
                lineOfWord[w++] = l;
            }
        }

        var tokens = targets.Tokens;
        var first = new int[tokens.Length];
        var end = new int[tokens.Length];
        Array.Fill(end, frames);

        // Token range [from, to) of each line, in target order (lines without a singable character have none).
        var from = new int[lyrics.Lines.Count];
        var to = new int[lyrics.Lines.Count];
        Array.Fill(from, -1);
        for (var i = 0; i < tokens.Length; i++)
        {
            var word = targets.WordOfToken[i];
            if (word < 0)
            {
                continue;
            }

            var line = lineOfWord[word];
            if (from[line] < 0)
            {
                from[line] = i;
            }

            to[line] = i + 1;
        }

        var earliest = 0;
        for (var l = 0; l < lyrics.Lines.Count; l++)
        {
            if (from[l] < 0)
            {
                continue;
            }

            var line = lyrics.Lines[l];
            var startMs = line.StartMs ?? 0;
            var endMs = line.EndMs ?? NextStartMs(lyrics, l) ?? durationMs;
            endMs = Math.Max(endMs, startMs);

            // One spare frame for a blank between repeated letters across the line break, one for a wildcard.
            var needed = CtcViterbi.MinimumFrames(tokens.AsSpan(from[l], to[l] - from[l])) + 2;
            var windowStart = Math.Clamp((startMs / EmissionMatrix.FrameMs) - marginFrames, 0, Math.Max(0, frames - needed));
            var windowEnd = Math.Clamp((endMs / EmissionMatrix.FrameMs) + marginFrames, 0, frames);
            var lineStart = Math.Max(windowStart, earliest);
            windowEnd = Math.Min(frames, Math.Max(windowEnd, lineStart + needed));
            earliest = lineStart + needed;

            for (var i = from[l]; i < to[l]; i++)
            {
                first[i] = windowStart;
                end[i] = windowEnd;
            }

            var startFrame = startMs / EmissionMatrix.FrameMs;
            end[from[l]] = Math.Min(windowEnd, Math.Max(startFrame + marginFrames + 1, lineStart + 1));
        }

        return new TokenWindows(first, end);
    }

    private static int? NextStartMs(Lyrics lyrics, int line) =>
        line + 1 < lyrics.Lines.Count ? lyrics.Lines[line + 1].StartMs : null;
}

using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// Turns line times (LRC, synced lines) into <see cref="TokenWindows"/>: every character of a line may only be sung
/// within <c>[start − margin, end + margin]</c> of its line, and its first character — a line's time marks when its
/// first word is sung — within <c>start ± margin</c>; wildcards may go anywhere. The song stays one global
/// Viterbi path, so an early or late line cannot push the lines after it out of place (aligning line by line with a
/// floor at the previous line's last character did exactly that when annotated lines overlapped).
/// An Enhanced-LRC word tag (<see cref="LyricWord.TaggedStartMs"/>) holds that word's first character within
/// <c>tag ± word margin</c>, inside its line's window.
/// Windows too short or out of order for their text are widened, in order, until a path exists, and counted in
/// <see cref="LineAnchors.WidenedLines"/>; a word tag that does not fit its line's window or comes before the words
/// ahead of it is dropped and counted in <see cref="LineAnchors.DroppedWordAnchors"/>. Lines without a time get no
/// window.
/// </summary>
public static class LineAnchorWindows
{
    public static TokenWindows Build(Lyrics lyrics, AlignmentTargets targets, int frames, int marginFrames, int durationMs) =>
        BuildAnchors(lyrics, targets, frames, marginFrames, durationMs, wordMarginFrames: null).Windows;

    /// <param name="wordMarginFrames">How far a word's first character may sit from its word tag; null ignores word tags.</param>
    public static LineAnchors BuildAnchors(Lyrics lyrics, AlignmentTargets targets, int frames, int marginFrames, int durationMs, int? wordMarginFrames)
    {
        var tokens = targets.Tokens;
        var first = new int[tokens.Length];
        var end = new int[tokens.Length];
        Array.Fill(end, frames);

        var earliest = 0;
        var timedLines = 0;
        var widened = 0;
        var wordAnchors = 0;
        var dropped = 0;
        var nextLineFirstWord = 0;
        for (var l = 0; l < lyrics.Lines.Count; l++)
        {
            var lineFirstWord = nextLineFirstWord;
            nextLineFirstWord += lyrics.Lines[l].Words.Count;
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

            timedLines++;
            var endMs = Math.Max(lyrics.LineEndMs(l, durationMs), startMs);

            // One spare frame for a blank between repeated letters across the line break, one for a wildcard.
            var needed = CtcViterbi.MinimumFrames(tokens.AsSpan(from, count)) + 2;
            var windowStart = Math.Clamp((startMs / EmissionMatrix.FrameMs) - marginFrames, 0, Math.Max(0, frames - needed));
            var requestedEnd = Math.Clamp((endMs / EmissionMatrix.FrameMs) + marginFrames, 0, frames);
            var lineStart = Math.Max(windowStart, earliest);
            var windowEnd = Math.Min(frames, Math.Max(requestedEnd, lineStart + needed));
            if (lineStart > windowStart || windowEnd > requestedEnd)
            {
                widened++;
            }

            earliest = lineStart + needed;

            Array.Fill(first, windowStart, from, count);
            Array.Fill(end, windowEnd, from, count);
            var startFrame = startMs / EmissionMatrix.FrameMs;
            end[from] = Math.Min(windowEnd, Math.Max(startFrame + marginFrames + 1, lineStart + 1));

            if (wordMarginFrames is { } wordMargin)
            {
                var (anchors, misses) = HoldTaggedWords(lyrics.Lines[l], lineFirstWord, targets, from, count, lineStart, windowEnd, wordMargin, first, end);
                wordAnchors += anchors;
                dropped += misses;
            }
        }

        return new LineAnchors(new TokenWindows(first, end), timedLines, widened, wordAnchors, dropped);
    }

    /// <summary>Narrows the first character of each tagged word of one line to its tag ± margin; returns anchors kept and dropped.</summary>
    private static (int Kept, int Dropped) HoldTaggedWords(
        LyricLine line, int lineFirstWord, AlignmentTargets targets, int from, int count, int lineStart, int windowEnd, int wordMargin, int[] first, int[] end)
    {
        var tokens = targets.Tokens;
        var kept = 0;
        var dropped = 0;
        var floor = lineStart; // Earliest frame the next token can take, given the anchors kept before it.
        var lastWord = -1;
        for (var k = from; k < from + count; k++)
        {
            var word = targets.WordOfToken[k];
            if (word < 0 || word == lastWord)
            {
                floor++;
                continue;
            }

            lastWord = word;
            if (line.Words[word - lineFirstWord].TaggedStartMs is { } tagMs)
            {
                var tagFrame = tagMs / EmissionMatrix.FrameMs;
                var lo = Math.Max(first[k], tagFrame - wordMargin);
                var hi = Math.Min(end[k], tagFrame + wordMargin + 1);
                var rest = CtcViterbi.MinimumFrames(tokens.AsSpan(k, from + count - k));
                if (hi <= Math.Max(lo, floor) || Math.Max(lo, floor) + rest > windowEnd)
                {
                    dropped++; // Outside its line's window, or before the words ahead of it: the line window alone holds it.
                }
                else
                {
                    first[k] = lo;
                    end[k] = hi;
                    floor = Math.Max(floor, lo);
                    kept++;
                    EndBeforeNextTag(line, word - lineFirstWord, targets, k, lo, wordMargin, end);
                }
            }

            floor++;
        }

        return (kept, dropped);
    }

    /// <summary>
    /// When the next word of the line has a tag too, a tagged word's letters end by that tag (plus the margin): a word
    /// tag says where the previous word stops as well. Skipped when the word's letters would not fit.
    /// </summary>
    private static void EndBeforeNextTag(LyricLine line, int wordInLine, AlignmentTargets targets, int firstToken, int firstFrame, int wordMargin, int[] end)
    {
        if (wordInLine + 1 >= line.Words.Count || line.Words[wordInLine + 1].TaggedStartMs is not { } nextMs)
        {
            return;
        }

        var word = targets.WordOfToken[firstToken];
        var last = firstToken;
        while (last + 1 < targets.Tokens.Length && targets.WordOfToken[last + 1] == word)
        {
            last++;
        }

        var limit = (nextMs / EmissionMatrix.FrameMs) + wordMargin + 1;
        if (firstFrame + CtcViterbi.MinimumFrames(targets.Tokens.AsSpan(firstToken, last - firstToken + 1)) > limit)
        {
            return;
        }

        for (var k = firstToken + 1; k <= last; k++)
        {
            end[k] = Math.Min(end[k], limit);
        }
    }
}

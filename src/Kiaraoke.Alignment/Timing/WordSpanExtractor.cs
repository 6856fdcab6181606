using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Quality;

namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// Reads word spans off a CTC path. A word runs from its first character's first frame to its last character's
/// last frame, widened by the frames around it that hold no letter (blank or star): its start moves back by at most
/// <c>startPaddingFrames</c> (a peaky model spikes on a letter's onset, so starts need little), and its end moves
/// forward by at most <c>endPaddingFrames</c>: over half the gap to the next word of its line, or, for a line's last
/// word, over the gap to the next line (less that line's start padding) — a held last vowel is blank frames for a
/// peaky model, and the star after the line used to take them all — so a word before an instrumental break still
/// does not last through the break. Confidence is the mean over its character frames of the measure chosen
/// (<see cref="ConfidenceMeasure"/>).
/// <para>
/// A <c>&lt;star&gt;</c> scores log-prob 0, more than any real label, so the Viterbi path lets it eat the first frames
/// of the word after it and the last frames of the word before it. Frames held by a star next to a word are given
/// back to the word's edge character while the model's own best label there is that character.
/// </para>
/// </summary>
public static class WordSpanExtractor
{
    /// <returns>One span per word of <paramref name="targets"/>, null for a word with no token (nothing to align).</returns>
    public static WordSpan?[] Extract(
        CtcPath path,
        AlignmentTargets targets,
        EmissionMatrix emissions,
        int startPaddingFrames,
        int endPaddingFrames,
        ConfidenceMeasure measure = ConfidenceMeasure.CharacterProbability,
        int blankId = 0)
    {
        var wordCount = targets.RomanizedWords.Length;
        var frames = path.TokenIndexPerFrame;
        var first = new int[wordCount];
        var last = new int[wordCount];
        var probabilitySum = new double[wordCount];
        var charFrames = new int[wordCount];
        Array.Fill(first, -1);
        Array.Fill(last, -1);
        for (var t = 0; t < frames.Length; t++)
        {
            var token = frames[t];
            if (token < 0)
            {
                continue;
            }

            var word = targets.WordOfToken[token];
            if (word < 0)
            {
                continue;
            }

            if (first[word] < 0)
            {
                first[word] = t;
            }

            last[word] = t;
            probabilitySum[word] += FrameConfidence.Of(emissions, t, path.FrameLogProb[t], measure, blankId);
            charFrames[word]++;
        }

        var firstFrame = new int[wordCount];
        var lastFrame = new int[wordCount];
        for (var w = 0; w < wordCount; w++)
        {
            if (first[w] >= 0)
            {
                firstFrame[w] = Reclaim(frames, targets, emissions, measure, blankId, first[w], -1, ref probabilitySum[w], ref charFrames[w]);
                lastFrame[w] = Reclaim(frames, targets, emissions, measure, blankId, last[w], +1, ref probabilitySum[w], ref charFrames[w]);
            }
        }

        var lineOfWord = LineOfWord(targets, wordCount);
        var spans = new WordSpan?[wordCount];
        var previousEnd = 0;
        for (var w = 0; w < wordCount; w++)
        {
            if (first[w] < 0)
            {
                continue;
            }

            var start = Math.Max(previousEnd, firstFrame[w] - Math.Max(0, startPaddingFrames));
            var next = NextAligned(first, w);
            var nextStart = next < 0 ? frames.Length : firstFrame[next] - Math.Max(0, startPaddingFrames);

            // Inside a line the gap to the next word is shared (half each: a breath or a consonant onset); a line's
            // last word may hold on over the gap up to the cap (its held vowel).
            var limit = next >= 0 && lineOfWord[next] == lineOfWord[w]
                ? lastFrame[w] + 1 + ((firstFrame[next] - lastFrame[w] - 1) / 2)
                : nextStart;
            var end = Math.Max(lastFrame[w] + 1, Math.Min(limit, lastFrame[w] + 1 + Math.Max(0, endPaddingFrames)));
            spans[w] = new WordSpan(start, end, probabilitySum[w] / charFrames[w]);
            previousEnd = end;
        }

        return spans;
    }

    private static int[] LineOfWord(AlignmentTargets targets, int wordCount)
    {
        var lines = new int[wordCount];
        for (var l = 0; l < targets.LineTokens.Length; l++)
        {
            var (from, count) = targets.LineTokens[l].GetOffsetAndLength(targets.Tokens.Length);
            for (var i = from; i < from + count; i++)
            {
                if (targets.WordOfToken[i] >= 0)
                {
                    lines[targets.WordOfToken[i]] = l;
                }
            }
        }

        return lines;
    }

    private static int NextAligned(int[] first, int word)
    {
        for (var w = word + 1; w < first.Length; w++)
        {
            if (first[w] >= 0)
            {
                return w;
            }
        }

        return -1;
    }

    private static int Reclaim(int[] frames, AlignmentTargets targets, EmissionMatrix emissions, ConfidenceMeasure measure, int blankId, int edge, int direction, ref double probabilitySum, ref int count)
    {
        var character = targets.Tokens[frames[edge]];
        var t = edge + direction;
        while (t >= 0 && t < frames.Length && frames[t] >= 0 && targets.WordOfToken[frames[t]] < 0 && BestModelLabel(emissions, t) == character)
        {
            probabilitySum += FrameConfidence.Of(emissions, t, emissions[t, character], measure, blankId);
            count++;
            edge = t;
            t += direction;
        }

        return edge;
    }

    // The best of the model's own columns (the star, last column, excluded).
    private static int BestModelLabel(EmissionMatrix emissions, int frame)
    {
        var row = emissions.Row(frame)[..^1];
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }
}

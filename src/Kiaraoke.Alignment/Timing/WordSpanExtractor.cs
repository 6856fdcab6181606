using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// Reads word spans off a CTC path. A word runs from its first character's first frame to its last character's
/// last frame, widened by the blank frames around it: half of a blank run shared with a neighbouring word, the
/// whole run next to a star or an edge, and never more than <c>maxPaddingFrames</c> on either side, so a word after
/// an instrumental break does not start inside the break. Confidence is the mean probability of its character frames.
/// <para>
/// A <c>&lt;star&gt;</c> scores log-prob 0, more than any real label, so the Viterbi path lets it eat the first frames
/// of the word after it and the last frames of the word before it. Frames held by a star next to a word are given
/// back to the word's edge character while the model's own best label there is that character.
/// </para>
/// </summary>
public static class WordSpanExtractor
{
    /// <returns>One span per word of <paramref name="targets"/>, null for a word with no token (nothing to align).</returns>
    public static WordSpan?[] Extract(CtcPath path, AlignmentTargets targets, EmissionMatrix emissions, int maxPaddingFrames)
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
            probabilitySum[word] += Math.Exp(path.FrameLogProb[t]);
            charFrames[word]++;
        }

        var spans = new WordSpan?[wordCount];
        for (var w = 0; w < wordCount; w++)
        {
            if (first[w] < 0)
            {
                continue;
            }

            var firstFrame = Reclaim(frames, targets, emissions, first[w], -1, ref probabilitySum[w], ref charFrames[w]);
            var lastFrame = Reclaim(frames, targets, emissions, last[w], +1, ref probabilitySum[w], ref charFrames[w]);
            var start = firstFrame - Padding(frames, targets, firstFrame, -1, maxPaddingFrames);
            var end = lastFrame + 1 + Padding(frames, targets, lastFrame, +1, maxPaddingFrames);
            spans[w] = new WordSpan(start, end, probabilitySum[w] / charFrames[w]);
        }

        return spans;
    }

    private static int Reclaim(int[] frames, AlignmentTargets targets, EmissionMatrix emissions, int edge, int direction, ref double probabilitySum, ref int count)
    {
        var character = targets.Tokens[frames[edge]];
        var t = edge + direction;
        while (t >= 0 && t < frames.Length && frames[t] >= 0 && targets.WordOfToken[frames[t]] < 0 && BestModelLabel(emissions, t) == character)
        {
            probabilitySum += Math.Exp(emissions[t, character]);
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

    private static int Padding(int[] frames, AlignmentTargets targets, int from, int direction, int cap)
    {
        if (cap <= 0)
        {
            return 0;
        }

        var run = 0;
        var t = from + direction;
        while (t >= 0 && t < frames.Length && frames[t] < 0)
        {
            run++;
            t += direction;
        }

        var sharedWithWord = t >= 0 && t < frames.Length && targets.WordOfToken[frames[t]] >= 0;
        var available = sharedWithWord ? (direction < 0 ? (run + 1) / 2 : run / 2) : run;
        return Math.Min(cap, available);
    }
}

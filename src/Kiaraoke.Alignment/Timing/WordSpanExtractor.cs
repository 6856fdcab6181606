using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// Reads word spans off a CTC path. A word runs from its first character's first frame to its last character's
/// last frame, widened by the blank frames around it: half of a blank run shared with a neighbouring word, the
/// whole run next to a star or an edge, and never more than <c>maxPaddingFrames</c> on either side, so a word after
/// an instrumental break does not start inside the break. Confidence is the mean probability of its character frames.
/// </summary>
public static class WordSpanExtractor
{
    /// <param name="wordCount">Number of words covered by <paramref name="targets"/> (indices relative to <paramref name="firstWordIndex"/>).</param>
    /// <returns>One span per word, null for a word with no token (nothing to align).</returns>
    public static WordSpan?[] Extract(CtcPath path, AlignmentTargets targets, int firstWordIndex, int wordCount, int maxPaddingFrames)
    {
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

            var w = word - firstWordIndex;
            if (first[w] < 0)
            {
                first[w] = t;
            }

            last[w] = t;
            probabilitySum[w] += Math.Exp(path.FrameLogProb[t]);
            charFrames[w]++;
        }

        var spans = new WordSpan?[wordCount];
        for (var w = 0; w < wordCount; w++)
        {
            if (first[w] < 0)
            {
                continue;
            }

            var start = first[w] - Padding(frames, targets, first[w], -1, maxPaddingFrames);
            var end = last[w] + 1 + Padding(frames, targets, last[w], +1, maxPaddingFrames);
            spans[w] = new WordSpan(start, end, probabilitySum[w] / charFrames[w]);
        }

        return spans;
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

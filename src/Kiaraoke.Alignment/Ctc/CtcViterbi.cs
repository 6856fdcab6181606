namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// Viterbi forced alignment over the standard CTC topology (blank, c1, blank, c2, …, blank). Max-product in log
/// space with torchaudio's tie order (skip &gt; advance &gt; stay). Only the band of states that are reachable and
/// can still finish is visited; backpointers take one byte per band cell.
/// </summary>
public static class CtcViterbi
{
    /// <summary>Fewest frames that can emit <paramref name="targets"/>: one per token plus a blank between repeated tokens.</summary>
    public static int MinimumFrames(ReadOnlySpan<int> targets)
    {
        var frames = targets.Length;
        for (var i = 1; i < targets.Length; i++)
        {
            if (targets[i] == targets[i - 1])
            {
                frames++;
            }
        }

        return frames;
    }

    public static CtcPath Align(EmissionMatrix emissions, ReadOnlySpan<int> targets, int blankId = 0)
    {
        var frames = emissions.Frames;
        var length = targets.Length;
        if (length == 0)
        {
            throw new CtcAlignmentException("There is no text to align (no target token).");
        }

        for (var i = 0; i < length; i++)
        {
            if (targets[i] == blankId || targets[i] < 0 || targets[i] >= emissions.Columns)
            {
                throw new ArgumentException($"Target {i} has id {targets[i]}, which is the blank or outside the {emissions.Columns} emission columns.");
            }
        }

        var needed = MinimumFrames(targets);
        if (frames < needed)
        {
            throw new CtcAlignmentException(
                $"The lyrics need at least {needed} frames ({needed * EmissionMatrix.FrameMs / 1000.0:0.00} s at 20 ms) " +
                $"but the audio has only {frames} frames ({frames * EmissionMatrix.FrameMs / 1000.0:0.00} s): " +
                "the text is too long for this audio, or the audio is not the right one.");
        }

        var states = (2 * length) + 1;
        var label = new int[states];
        var canSkip = new bool[states];
        for (var s = 0; s < states; s++)
        {
            label[s] = (s & 1) == 0 ? blankId : targets[s / 2];
            canSkip[s] = (s & 1) == 1 && s != 1 && targets[s / 2] != targets[(s / 2) - 1];
        }

        var bandStart = new int[frames];
        var bandEnd = new int[frames];
        var offsets = new long[frames + 1];
        var start = frames > needed ? 0 : 1;
        var end = states == 1 ? 1 : 2;
        bandStart[0] = start;
        bandEnd[0] = end;
        for (var t = 1; t < frames; t++)
        {
            if (frames - t <= needed)
            {
                if ((start & 1) == 1 && (start / 2) + 1 < length && targets[start / 2] != targets[(start / 2) + 1])
                {
                    start++;
                }

                start++;
            }

            if (t <= needed)
            {
                if ((end & 1) == 0 && end < 2 * length && targets[(end / 2) - 1] != targets[end / 2])
                {
                    end++;
                }

                end++;
            }

            start = Math.Min(start, states - 1);
            end = Math.Min(end, states);
            bandStart[t] = start;
            bandEnd[t] = end;
        }

        for (var t = 0; t < frames; t++)
        {
            offsets[t + 1] = offsets[t] + (bandEnd[t] - bandStart[t]);
        }

        var backpointers = new byte[offsets[frames]];
        var previous = new double[states];
        var current = new double[states];
        Array.Fill(previous, double.NegativeInfinity);
        var logProbs = emissions.LogProbs;
        var columns = emissions.Columns;
        for (var s = bandStart[0]; s < bandEnd[0]; s++)
        {
            previous[s] = logProbs[label[s]];
        }

        for (var t = 1; t < frames; t++)
        {
            Array.Fill(current, double.NegativeInfinity);
            var row = t * columns;
            var lo = bandStart[t];
            var hi = bandEnd[t];
            var bpBase = offsets[t] - lo;
            for (var s = lo; s < hi; s++)
            {
                var stay = previous[s];
                byte choice = 0;
                var best = stay;
                if (s > 0)
                {
                    var advance = previous[s - 1];
                    var skip = canSkip[s] ? previous[s - 2] : double.NegativeInfinity;
                    if (skip > advance && skip > stay)
                    {
                        best = skip;
                        choice = 2;
                    }
                    else if (advance > stay)
                    {
                        best = advance;
                        choice = 1;
                    }
                }

                current[s] = best + logProbs[row + label[s]];
                backpointers[bpBase + s] = choice;
            }

            (previous, current) = (current, previous);
        }

        var last = states - 1;
        var state = states > 1 && !(previous[last] > previous[last - 1]) ? last - 1 : last;
        var total = previous[state];
        if (double.IsNegativeInfinity(total))
        {
            throw new CtcAlignmentException("No CTC path can emit this text on this audio (every path has zero probability).");
        }

        var tokenIndex = new int[frames];
        var frameLogProb = new float[frames];
        for (var t = frames - 1; t >= 0; t--)
        {
            tokenIndex[t] = (state & 1) == 1 ? state / 2 : -1;
            frameLogProb[t] = logProbs[(t * columns) + label[state]];
            if (t > 0)
            {
                state -= backpointers[offsets[t] - bandStart[t] + state];
            }
        }

        return new CtcPath(tokenIndex, frameLogProb, total);
    }
}

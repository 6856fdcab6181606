using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Tests.Ctc;

/// <summary>
/// A plain O(T·S) CTC Viterbi over the full trellis, written for readability: interleaved states (blank, c1, blank,
/// …), windows as −∞ emissions, the prior added to a letter's emission, and the same float operations in the same
/// order as the product kernel, so both must agree bit for bit. Tie order: a move wins only when strictly better
/// (stay, then advance, then skip); the path ends on the final blank only when it is strictly better.
/// </summary>
internal static class ReferenceCtcViterbi
{
    public static CtcPath? Align(EmissionMatrix emissions, int[] targets, int blankId, TokenWindows? windows, TokenPositionPrior? prior)
    {
        var frames = emissions.Frames;
        var states = (2 * targets.Length) + 1;
        int Label(int s) => (s & 1) == 0 ? blankId : targets[s / 2];
        float Emit(int t, int s)
        {
            if ((s & 1) == 0)
            {
                return emissions[t, blankId];
            }

            if (windows is not null && !windows.Allows(s / 2, t))
            {
                return float.NegativeInfinity;
            }

            return prior is null ? emissions[t, Label(s)] : emissions[t, Label(s)] + prior.LogPrior(s / 2, t);
        }

        var score = new float[frames, states];
        var from = new int[frames, states];
        for (var s = 0; s < states; s++)
        {
            score[0, s] = float.NegativeInfinity;
        }

        score[0, 0] = emissions[0, blankId];
        if (states > 1)
        {
            score[0, 1] = Emit(0, 1) + 0f;
        }

        for (var t = 1; t < frames; t++)
        {
            for (var s = 0; s < states; s++)
            {
                var stay = score[t - 1, s];
                var advance = s >= 1 ? score[t - 1, s - 1] : float.NegativeInfinity;
                var skip = s >= 2 && (s & 1) == 1 && targets[s / 2] != targets[(s / 2) - 1] ? score[t - 1, s - 2] : float.NegativeInfinity;
                var best = stay;
                var previous = s;
                if (advance > best)
                {
                    best = advance;
                    previous = s - 1;
                }

                if (skip > best)
                {
                    best = skip;
                    previous = s - 2;
                }

                score[t, s] = best + Emit(t, s);
                from[t, s] = previous;
            }
        }

        var last = states - 1;
        var state = score[frames - 1, last] > score[frames - 1, last - 1] ? last : last - 1;
        var total = score[frames - 1, state];
        if (float.IsNegativeInfinity(total))
        {
            return null;
        }

        var tokenIndex = new int[frames];
        var frameLogProb = new float[frames];
        for (var t = frames - 1; t >= 0; t--)
        {
            tokenIndex[t] = (state & 1) == 1 ? state / 2 : -1;
            frameLogProb[t] = emissions[t, Label(state)];
            state = from[t, state];
        }

        return new CtcPath(tokenIndex, frameLogProb, total);
    }
}

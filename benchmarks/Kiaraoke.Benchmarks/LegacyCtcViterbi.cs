using System.Runtime.Intrinsics;

using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Benchmarks;

/// <summary>
/// BASELINE ONLY: the product's CtcViterbi as it was before the split-row kernel (main at 3f5562e), kept unchanged
/// here so that benchmarks can time old and new side by side in one run and check they return the same path.
/// Viterbi forced alignment over the standard CTC topology (blank, c1, blank, c2, …, blank). Max-product in log
/// space with torchaudio's tie order (skip &gt; advance &gt; stay). Only the band of states that are reachable and
/// can still finish is visited (widened to whole SIMD vectors); backpointers take two bits per band cell.
/// </summary>
public static class LegacyCtcViterbi
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

    /// <summary>
    /// The best CTC path of <paramref name="targets"/> over <paramref name="emissions"/>. With
    /// <paramref name="windows"/>, token i may only be emitted on frames inside its window; a text whose windows
    /// leave no path fails with <see cref="CtcAlignmentException"/>. With <paramref name="prior"/>, each frame a token
    /// is held adds its log-prior to the path's score and total (the per-frame log-probabilities stay the model's own).
    /// </summary>
    public static CtcPath Align(
        EmissionMatrix emissions,
        ReadOnlySpan<int> targets,
        int blankId = 0,
        TokenWindows? windows = null,
        TokenPositionPrior? prior = null)
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

        if (windows is not null && windows.Count != length)
        {
            throw new ArgumentException($"There are {windows.Count} token windows for {length} target tokens.");
        }

        if (prior is not null && prior.Count != length)
        {
            throw new ArgumentException($"There are {prior.Count} token priors for {length} target tokens.");
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
        for (var s = 0; s < states; s++)
        {
            label[s] = (s & 1) == 0 ? blankId : targets[s / 2];
        }

        // Buffers are indexed s + Pad so that s − 1 and s − 2 never leave the array, and padded past the last
        // state so whole vectors can be processed. Unused cells hold −∞ and only ever flow towards higher states.
        const int Pad = 2;
        var width = Vector256<float>.Count;
        var bufferLength = Pad + states + (2 * width);
        var skipPenalty = new float[bufferLength];
        Array.Fill(skipPenalty, float.NegativeInfinity);
        for (var s = 3; s < states; s += 2)
        {
            if (targets[s / 2] != targets[(s / 2) - 1])
            {
                skipPenalty[s + Pad] = 0f;
            }
        }

        // Band of states that are reachable at t and can still finish by the last frame, widened to whole vectors.
        var bandStart = new int[frames];
        var offsets = new long[frames + 1];
        // At t = 0 the path may begin on the leading blank only if there is a frame to spare for it.
        var firstState = frames > needed ? 0 : 1;
        var start = firstState;
        var end = states == 1 ? 1 : 2;
        var bandEnd = new int[frames];
        for (var t = 0; t < frames; t++)
        {
            if (t > 0)
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
            }

            bandStart[t] = start / width * width;
            bandEnd[t] = (end + width - 1) / width * width;
            offsets[t + 1] = offsets[t] + ((bandEnd[t] - bandStart[t]) / width);
        }

        // Two bits per band cell: "advance beat stay" and "skip beat both" (torchaudio's tie order).
        var advanceBits = new byte[offsets[frames]];
        var skipBits = new byte[offsets[frames]];
        var previous = new float[bufferLength];
        var current = new float[bufferLength];
        var emit = new float[bufferLength];
        Array.Fill(previous, float.NegativeInfinity);
        var logProbs = emissions.LogProbs;
        var columns = emissions.Columns;
        for (var s = firstState; s < Math.Min(states, 2); s++)
        {
            previous[s + Pad] = s == 0 ? logProbs[label[s]]
                : windows is not null && !windows.Allows(0, 0) ? float.NegativeInfinity
                : logProbs[label[s]] + (prior?.LogPrior(0, 0) ?? 0f);
        }

        for (var t = 1; t < frames; t++)
        {
            var row = logProbs.AsSpan(t * columns, columns);
            var lo = bandStart[t];
            var hi = Math.Min(bandEnd[t], states + width - 1);
            var blank = row[blankId];
            if (windows is null && prior is null)
            {
                for (var s = lo; s < hi; s++)
                {
                    emit[s + Pad] = s < states ? ((s & 1) == 0 ? blank : row[label[s]]) : float.NegativeInfinity;
                }
            }
            else
            {
                for (var s = lo; s < hi; s++)
                {
                    emit[s + Pad] = s >= states ? float.NegativeInfinity
                        : (s & 1) == 0 ? blank
                        : windows is not null && !windows.Allows(s / 2, t) ? float.NegativeInfinity
                        : prior is null ? row[label[s]]
                        : row[label[s]] + prior.LogPrior(s / 2, t);
                }
            }

            var bitIndex = offsets[t];
            for (var s = lo; s < bandEnd[t]; s += width, bitIndex++)
            {
                var stay = Vector256.Create(previous, s + Pad);
                var advance = Vector256.Create(previous, s + Pad - 1);
                var skip = Vector256.Create(previous, s + Pad - 2) + Vector256.Create(skipPenalty, s + Pad);
                var advanceWins = Vector256.GreaterThan(advance, stay);
                var best = Vector256.ConditionalSelect(advanceWins, advance, stay);
                var skipWins = Vector256.GreaterThan(skip, best);
                best = Vector256.ConditionalSelect(skipWins, skip, best);
                (best + Vector256.Create(emit, s + Pad)).CopyTo(current, s + Pad);
                advanceBits[bitIndex] = (byte)advanceWins.ExtractMostSignificantBits();
                skipBits[bitIndex] = (byte)skipWins.ExtractMostSignificantBits();
            }

            // Cells that fell out of the band must not keep stale values from two frames ago.
            if (t + 1 < frames)
            {
                Array.Fill(current, float.NegativeInfinity, 0, bandStart[t] + Pad);
                var tail = bandEnd[t] + Pad;
                Array.Fill(current, float.NegativeInfinity, tail, bufferLength - tail);
            }

            (previous, current) = (current, previous);
        }

        var last = states - 1;
        var state = states > 1 && !(previous[last + Pad] > previous[last - 1 + Pad]) ? last - 1 : last;
        var total = previous[state + Pad];
        if (float.IsNegativeInfinity(total))
        {
            throw new CtcAlignmentException(windows is null
                ? "No CTC path can emit this text on this audio (every path has zero probability)."
                : "No CTC path can emit this text inside its line windows: the line times leave too little room for the lyrics.");
        }

        var tokenIndex = new int[frames];
        var frameLogProb = new float[frames];
        for (var t = frames - 1; t >= 0; t--)
        {
            tokenIndex[t] = (state & 1) == 1 ? state / 2 : -1;
            frameLogProb[t] = logProbs[(t * columns) + label[state]];
            if (t > 0)
            {
                var cell = state - bandStart[t];
                var index = offsets[t] + (cell / width);
                var bit = 1 << (cell % width);
                state -= (skipBits[index] & bit) != 0 ? 2 : (advanceBits[index] & bit) != 0 ? 1 : 0;
            }
        }

        return new CtcPath(tokenIndex, frameLogProb, total);
    }

}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// The max-product recurrence over the band, frame by frame, with blank states and letter states in two rows indexed
/// by token (blank i precedes token i, blank L ends the path):
/// <code>
/// blank[i]  ← max(stay blank[i], advance letter[i−1])                               + e(blank)
/// letter[i] ← max(stay letter[i], advance blank[i], skip letter[i−1] if labels differ) + e(target i) + prior
/// </code>
/// The blank's emission is one broadcast value per frame and the letters' emissions one vector lookup per eight
/// tokens, so no per-cell scalar work is left. Ties go to stay, then advance, then skip: a move wins only when it is
/// strictly better, as in torchaudio's CPU kernel. Backpointers take one bit per blank cell (advanced) and two per
/// letter cell (advanced, skipped).
/// </summary>
internal static class ViterbiForwardPass
{
    /// <summary>Runs frames 0..T−1; afterwards the workspace's current rows hold the last frame's scores.</summary>
    public static void Run(EmissionMatrix emissions, int blankId, TokenPositionPrior? prior, ViterbiWorkspace workspace)
    {
        var frames = emissions.Frames;
        var columns = emissions.Columns;
        var logProbs = emissions.LogProbs;
        var width = ViterbiWorkspace.Width;
        var rowLength = workspace.RowLength;
        var targets = workspace.Targets;
        var inRegisters = EmissionLookup.InRegisters(columns);
        if (!inRegisters)
        {
            workspace.RentLetterEmissions();
        }

        Array.Fill(workspace.BlankScores, float.NegativeInfinity, 0, rowLength);
        Array.Fill(workspace.LetterScores, float.NegativeInfinity, 0, rowLength);
        Array.Fill(workspace.NextBlankScores, float.NegativeInfinity, 0, rowLength);
        Array.Fill(workspace.NextLetterScores, float.NegativeInfinity, 0, rowLength);
        if (workspace.LowestState[0] == 0)
        {
            workspace.BlankScores[ViterbiWorkspace.Pad] = logProbs[blankId];
        }

        if (workspace.HighestState[0] >= 1)
        {
            workspace.LetterScores[ViterbiWorkspace.Pad] = logProbs[targets[0]] + (prior?.LogPrior(0, 0) ?? 0f);
        }

        // The lowest cell each row may still hold a value in from the frame it last received (frame 0 for both).
        var staleFrom = 0;
        var nextStaleFrom = 0;
        var backpointers = workspace.Backpointers;
        for (var t = 1; t < frames; t++)
        {
            var firstToken = workspace.FirstVectorToken[t];
            var endToken = ViterbiBand.EndVectorToken(workspace, t);
            var offset = workspace.BackpointerOffset[t];

            // Every index below is inside the arrays: the band ends at most at PaddedTokens (the row length less the
            // pad), the band start never falls, and the frame's backpointers end at the next frame's offset.
            if (endToken > workspace.PaddedTokens || nextStaleFrom > firstToken || workspace.BackpointerOffset[t + 1] > backpointers.Length)
            {
                throw new InvalidOperationException("The Viterbi band is inconsistent with its workspace.");
            }

            // Cells that left the band since this row was last written must not keep their old values.
            Array.Fill(workspace.NextBlankScores, float.NegativeInfinity, nextStaleFrom + ViterbiWorkspace.Pad, firstToken - nextStaleFrom);
            Array.Fill(workspace.NextLetterScores, float.NegativeInfinity, nextStaleFrom + ViterbiWorkspace.Pad, firstToken - nextStaleFrom);
            nextStaleFrom = firstToken;

            var row = logProbs.AsSpan(t * columns, columns);
            var blank = Vector256.Create(row[blankId]);
            EmissionLookup lookup = default;
            if (inRegisters)
            {
                row.CopyTo(workspace.EmissionTable);
                lookup = new EmissionLookup(workspace.EmissionTable);
            }
            else
            {
                var letterEmissions = workspace.LetterEmissions!;
                for (var i = firstToken; i < endToken; i++)
                {
                    letterEmissions[i] = row[targets[i]];
                }
            }

            ref var frameBackpointers = ref backpointers[offset];
            switch (inRegisters, prior is not null)
            {
                case (true, false):
                    Frame<Yes, No>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                    break;
                case (true, true):
                    Frame<Yes, Yes>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                    break;
                case (false, false):
                    Frame<No, No>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                    break;
                default:
                    Frame<No, Yes>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                    break;
            }

            MaskOutsideBand(workspace, t, firstToken, endToken);
            workspace.SwapScoreRows();
            (staleFrom, nextStaleFrom) = (nextStaleFrom, staleFrom);
        }
    }

    /// <summary>
    /// One frame over whole vectors of tokens [<paramref name="firstToken"/>, <paramref name="endToken"/>). The two
    /// type flags (in-register lookup, prior) are compile-time constants in each instantiation, so the loop has no
    /// branch but its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Frame<TInRegisters, TWithPrior>(
        ViterbiWorkspace workspace, EmissionLookup lookup, Vector256<float> blank, int frame, int firstToken, int endToken, ref byte backpointers)
        where TInRegisters : struct, IFlag
        where TWithPrior : struct, IFlag
    {
        var inRegisters = TInRegisters.IsSet;
        var withPrior = TWithPrior.IsSet;
        // Rows are read at token + Pad (current token) and token + Pad − 1 (previous token); the caller checked
        // that endToken ≤ PaddedTokens, so every vector lies inside rows of Pad + PaddedTokens floats.
        ref var previousBlank = ref MemoryMarshal.GetArrayDataReference(workspace.BlankScores);
        ref var previousLetter = ref MemoryMarshal.GetArrayDataReference(workspace.LetterScores);
        ref var nextBlank = ref MemoryMarshal.GetArrayDataReference(workspace.NextBlankScores);
        ref var nextLetter = ref MemoryMarshal.GetArrayDataReference(workspace.NextLetterScores);
        ref var skipPenalty = ref MemoryMarshal.GetArrayDataReference(workspace.SkipPenalty);
        ref var targets = ref MemoryMarshal.GetArrayDataReference(workspace.Targets);
        ref var letterEmissions = ref inRegisters ? ref skipPenalty : ref MemoryMarshal.GetArrayDataReference(workspace.LetterEmissions!);
        ref var priorCentre = ref withPrior ? ref MemoryMarshal.GetArrayDataReference(workspace.PriorCentre!) : ref skipPenalty;
        ref var priorSigma = ref withPrior ? ref MemoryMarshal.GetArrayDataReference(workspace.PriorSigma!) : ref skipPenalty;
        var frameVector = Vector256.Create((float)frame);
        var width = (nuint)ViterbiWorkspace.Width;
        nuint bits = 0;
        for (var token = (nuint)firstToken; token < (nuint)endToken; token += width, bits += ViterbiBand.BackpointerBytesPerVector)
        {
            var stayBlank = Vector256.LoadUnsafe(ref previousBlank, token + ViterbiWorkspace.Pad);
            var stayLetter = Vector256.LoadUnsafe(ref previousLetter, token + ViterbiWorkspace.Pad);
            var previousToken = Vector256.LoadUnsafe(ref previousLetter, token + ViterbiWorkspace.Pad - 1);

            var blankAdvances = Vector256.GreaterThan(previousToken, stayBlank);
            var blankBest = Vector256.ConditionalSelect(blankAdvances, previousToken, stayBlank);
            (blankBest + blank).StoreUnsafe(ref nextBlank, token + ViterbiWorkspace.Pad);

            var letterAdvances = Vector256.GreaterThan(stayBlank, stayLetter);
            var letterBest = Vector256.ConditionalSelect(letterAdvances, stayBlank, stayLetter);
            var skip = previousToken + Vector256.LoadUnsafe(ref skipPenalty, token);
            var letterSkips = Vector256.GreaterThan(skip, letterBest);
            letterBest = Vector256.ConditionalSelect(letterSkips, skip, letterBest);

            var emission = inRegisters
                ? lookup.Of(Vector256.LoadUnsafe(ref targets, token))
                : Vector256.LoadUnsafe(ref letterEmissions, token);
            if (withPrior)
            {
                emission += LogPrior(Vector256.LoadUnsafe(ref priorCentre, token), Vector256.LoadUnsafe(ref priorSigma, token), frameVector);
            }

            (letterBest + emission).StoreUnsafe(ref nextLetter, token + ViterbiWorkspace.Pad);
            Unsafe.Add(ref backpointers, bits) = (byte)blankAdvances.ExtractMostSignificantBits();
            Unsafe.Add(ref backpointers, bits + 1) = (byte)letterAdvances.ExtractMostSignificantBits();
            Unsafe.Add(ref backpointers, bits + 2) = (byte)letterSkips.ExtractMostSignificantBits();
        }
    }

    /// <summary><see cref="TokenPositionPrior.LogPrior"/> for eight tokens, with the same float operations in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LogPrior(Vector256<float> centre, Vector256<float> sigma, Vector256<float> frame)
    {
        var beyond = Vector256.Abs(frame - centre) - sigma;
        var fallOff = -beyond * beyond / (Vector256.Create(2f) * sigma * sigma);
        var flat = Vector256.Equals(sigma, Vector256<float>.Zero) | Vector256.LessThanOrEqual(beyond, Vector256<float>.Zero);
        return Vector256.ConditionalSelect(flat, Vector256<float>.Zero, fallOff);
    }

    /// <summary>
    /// Sets the cells of the whole vectors that lie outside the frame's exact band to −∞: they were computed only
    /// because vectors are whole, and a path through them would break a line window or never finish.
    /// </summary>
    private static void MaskOutsideBand(ViterbiWorkspace workspace, int frame, int firstToken, int endToken)
    {
        var lowest = workspace.LowestState[frame];
        var highest = workspace.HighestState[frame];
        var blanks = workspace.NextBlankScores.AsSpan(ViterbiWorkspace.Pad);
        var letters = workspace.NextLetterScores.AsSpan(ViterbiWorkspace.Pad);
        var firstBlank = (lowest + 1) / 2; // state 2i ≥ lowest
        var lastBlank = highest / 2;
        var firstLetter = lowest / 2; // state 2i + 1 ≥ lowest
        var lastLetter = ((highest + 1) / 2) - 1;
        blanks[firstToken..Math.Max(firstToken, firstBlank)].Fill(float.NegativeInfinity);
        blanks[Math.Min(endToken, lastBlank + 1)..endToken].Fill(float.NegativeInfinity);
        letters[firstToken..Math.Max(firstToken, firstLetter)].Fill(float.NegativeInfinity);
        letters[Math.Min(endToken, Math.Max(firstToken, lastLetter + 1))..endToken].Fill(float.NegativeInfinity);
    }

    private interface IFlag
    {
        static abstract bool IsSet { get; }
    }

    private readonly struct Yes : IFlag
    {
        public static bool IsSet => true;
    }

    private readonly struct No : IFlag
    {
        public static bool IsSet => false;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static Kiaraoke.Alignment.Ctc.ViterbiForwardPass;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// One frame of <see cref="ViterbiForwardPass"/> sixteen tokens at a time (512-bit vectors, where accelerated). The
/// same operations as <see cref="ViterbiFrame256"/> in the same order, so both give bit-identical scores.
/// </summary>
internal static class ViterbiFrame512
{
    /// <summary>
    /// One frame over whole vectors of tokens [<paramref name="firstToken"/>, <paramref name="endToken"/>), as
    /// <see cref="ViterbiFrame256.Run{TInRegisters, TWithPrior}"/>; each mask takes two bytes, lanes 0–7 first (x86 is
    /// little-endian).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TInRegisters, TWithPrior>(
        ViterbiWorkspace workspace, EmissionLookup512 lookup, Vector512<float> blank, int frame, int firstToken, int endToken, ref byte backpointers)
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
        var frameVector = Vector512.Create((float)frame);
        var width = (nuint)Vector512<float>.Count;
        nuint bits = 0;
        for (var token = (nuint)firstToken; token < (nuint)endToken; token += width, bits += 2 * ViterbiBand.BackpointerMasks)
        {
            var stayBlank = Vector512.LoadUnsafe(ref previousBlank, token + ViterbiWorkspace.Pad);
            var stayLetter = Vector512.LoadUnsafe(ref previousLetter, token + ViterbiWorkspace.Pad);
            var previousToken = Vector512.LoadUnsafe(ref previousLetter, token + ViterbiWorkspace.Pad - 1);

            var blankAdvances = Vector512.GreaterThan(previousToken, stayBlank);
            var blankBest = Vector512.ConditionalSelect(blankAdvances, previousToken, stayBlank);
            (blankBest + blank).StoreUnsafe(ref nextBlank, token + ViterbiWorkspace.Pad);

            var letterAdvances = Vector512.GreaterThan(stayBlank, stayLetter);
            var letterBest = Vector512.ConditionalSelect(letterAdvances, stayBlank, stayLetter);
            var skip = previousToken + Vector512.LoadUnsafe(ref skipPenalty, token);
            var letterSkips = Vector512.GreaterThan(skip, letterBest);
            letterBest = Vector512.ConditionalSelect(letterSkips, skip, letterBest);

            var emission = inRegisters
                ? lookup.Of(Vector512.LoadUnsafe(ref targets, token))
                : Vector512.LoadUnsafe(ref letterEmissions, token);
            if (withPrior)
            {
                emission += LogPrior512(Vector512.LoadUnsafe(ref priorCentre, token), Vector512.LoadUnsafe(ref priorSigma, token), frameVector);
            }

            (letterBest + emission).StoreUnsafe(ref nextLetter, token + ViterbiWorkspace.Pad);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref backpointers, bits), (ushort)blankAdvances.ExtractMostSignificantBits());
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref backpointers, bits + 2), (ushort)letterAdvances.ExtractMostSignificantBits());
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref backpointers, bits + 4), (ushort)letterSkips.ExtractMostSignificantBits());
        }
    }

    /// <summary><see cref="TokenPositionPrior.LogPrior"/> for sixteen tokens, with the same float operations in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> LogPrior512(Vector512<float> centre, Vector512<float> sigma, Vector512<float> frame)
    {
        var beyond = Vector512.Abs(frame - centre) - sigma;
        var fallOff = -beyond * beyond / (Vector512.Create(2f) * sigma * sigma);
        var flat = Vector512.Equals(sigma, Vector512<float>.Zero) | Vector512.LessThanOrEqual(beyond, Vector512<float>.Zero);
        return Vector512.ConditionalSelect(flat, Vector512<float>.Zero, fallOff);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static Kiaraoke.Alignment.Ctc.ViterbiForwardPass;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// One frame of <see cref="ViterbiForwardPass"/> eight tokens at a time (256-bit vectors). Every read and write goes
/// through refs without bounds checks; the caller has checked the band against the workspace's array lengths.
/// </summary>
internal static class ViterbiFrame256
{
    /// <summary>
    /// One frame over whole vectors of tokens [<paramref name="firstToken"/>, <paramref name="endToken"/>). The two
    /// type flags (in-register lookup, prior) are compile-time constants in each instantiation, so the loop has no
    /// branch but its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TInRegisters, TWithPrior>(
        ViterbiWorkspace workspace, EmissionLookup256 lookup, Vector256<float> blank, int frame, int firstToken, int endToken, ref byte backpointers)
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
        var width = (nuint)Vector256<float>.Count;
        nuint bits = 0;
        for (var token = (nuint)firstToken; token < (nuint)endToken; token += width, bits += ViterbiBand.BackpointerMasks)
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
                emission += LogPrior256(Vector256.LoadUnsafe(ref priorCentre, token), Vector256.LoadUnsafe(ref priorSigma, token), frameVector);
            }

            (letterBest + emission).StoreUnsafe(ref nextLetter, token + ViterbiWorkspace.Pad);
            Unsafe.Add(ref backpointers, bits) = (byte)blankAdvances.ExtractMostSignificantBits();
            Unsafe.Add(ref backpointers, bits + 1) = (byte)letterAdvances.ExtractMostSignificantBits();
            Unsafe.Add(ref backpointers, bits + 2) = (byte)letterSkips.ExtractMostSignificantBits();
        }
    }

    /// <summary><see cref="TokenPositionPrior.LogPrior"/> for eight tokens, with the same float operations in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LogPrior256(Vector256<float> centre, Vector256<float> sigma, Vector256<float> frame)
    {
        var beyond = Vector256.Abs(frame - centre) - sigma;
        var fallOff = -beyond * beyond / (Vector256.Create(2f) * sigma * sigma);
        var flat = Vector256.Equals(sigma, Vector256<float>.Zero) | Vector256.LessThanOrEqual(beyond, Vector256<float>.Zero);
        return Vector256.ConditionalSelect(flat, Vector256<float>.Zero, fallOff);
    }
}

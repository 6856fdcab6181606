using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// Looks up one frame's emissions of eight target tokens at once. With AVX2 and at most
/// <see cref="TableColumns"/> emission columns (the MMS vocabulary has 32 with the star), the row sits in four
/// registers and each lookup is two two-table permutes and a blend with AVX-512VL, or four permutes and three
/// blends with AVX2 alone — no memory gather. Otherwise the
/// caller fills a per-frame buffer with scalar reads (<see cref="InRegisters"/> false).
/// </summary>
internal readonly struct EmissionLookup256
{
    public const int TableColumns = 32;

    private readonly Vector256<float> _columns0To7;
    private readonly Vector256<float> _columns8To15;
    private readonly Vector256<float> _columns16To23;
    private readonly Vector256<float> _columns24To31;

    /// <param name="table">The frame's row copied into the first columns of a <see cref="TableColumns"/>-float table.</param>
    public EmissionLookup256(float[] table)
    {
        _columns0To7 = Vector256.Create(table, 0);
        _columns8To15 = Vector256.Create(table, 8);
        _columns16To23 = Vector256.Create(table, 16);
        _columns24To31 = Vector256.Create(table, 24);
    }

    /// <summary>Whether lookups of <paramref name="columns"/>-column rows can run in registers on this machine.</summary>
    public static bool InRegisters(int columns) => Avx2.IsSupported && columns <= TableColumns;

    /// <summary>The emissions of the eight columns <paramref name="ids"/> (each in [0, 32)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Of(Vector256<int> ids)
    {
        if (Avx512F.VL.IsSupported)
        {
            // Two-table permutes read the low four bits of each id; bit 4 picks the table half via the sign bit.
            return Avx.BlendVariable(
                Avx512F.VL.PermuteVar8x32x2(_columns0To7, ids, _columns8To15),
                Avx512F.VL.PermuteVar8x32x2(_columns16To23, ids, _columns24To31),
                Avx2.ShiftLeftLogical(ids, 27).AsSingle());
        }

        // PermuteVar8x32 reads the low three bits of each id; bits 3 and 4 pick the table quarter via the sign bit.
        var low = Avx.BlendVariable(
            Avx2.PermuteVar8x32(_columns0To7, ids),
            Avx2.PermuteVar8x32(_columns8To15, ids),
            Avx2.ShiftLeftLogical(ids, 28).AsSingle());
        var high = Avx.BlendVariable(
            Avx2.PermuteVar8x32(_columns16To23, ids),
            Avx2.PermuteVar8x32(_columns24To31, ids),
            Avx2.ShiftLeftLogical(ids, 28).AsSingle());
        return Avx.BlendVariable(low, high, Avx2.ShiftLeftLogical(ids, 27).AsSingle());
    }
}

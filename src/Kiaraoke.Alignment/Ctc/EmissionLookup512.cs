using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// <see cref="EmissionLookup256"/> for sixteen tokens at once: with AVX-512 the 32-column row sits in two registers
/// and one two-table permute looks up sixteen emissions.
/// </summary>
internal readonly struct EmissionLookup512
{
    private readonly Vector512<float> _columns0To15;
    private readonly Vector512<float> _columns16To31;

    /// <param name="table">The frame's row copied into the first columns of a <see cref="EmissionLookup256.TableColumns"/>-float table.</param>
    public EmissionLookup512(float[] table)
    {
        _columns0To15 = Vector512.Create(table, 0);
        _columns16To31 = Vector512.Create(table, 16);
    }

    /// <summary>Whether lookups of <paramref name="columns"/>-column rows can run in registers on this machine.</summary>
    public static bool InRegisters(int columns) => Avx512F.IsSupported && columns <= EmissionLookup256.TableColumns;

    /// <summary>The emissions of the sixteen columns <paramref name="ids"/> (each in [0, 32)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Of(Vector512<int> ids) => Avx512F.PermuteVar16x32x2(_columns0To15, ids, _columns16To31);
}

using System.Buffers;
using System.Runtime.Intrinsics;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// The scratch memory of one <see cref="CtcViterbi.Align"/> call, rented from <see cref="ArrayPool{T}.Shared"/> and
/// returned on <see cref="Dispose"/>, so that steady-state calls allocate only the returned <see cref="CtcPath"/>.
/// One workspace per call (never shared between threads).
/// <para>
/// Memory for T frames and L target tokens, band B tokens wide on average (about L without line windows, about a
/// line and its margins with them): backpointers 3 bits per band token and frame (a bit mask each for "blank
/// advanced", "letter advanced" and "letter skipped"), i.e. 3·T·B/8 bytes; plus 20 bytes per frame (band bounds,
/// backpointer offsets) and about 40 bytes per token (score rows, token tables, frame bounds, prior). T = 21,000
/// and L = 3,000 without windows: 20.2 MB of backpointers and 0.5 MB besides; with one-second line windows (B ≈ 44)
/// 0.47 MB and 0.5 MB. The pool rounds each array up to a power of two and keeps it for later calls; backpointers
/// above <see cref="MaximumPooledBackpointerBytes"/> are allocated to size instead (900 s and 20,000 letters without
/// windows: at most 3 · 45,000 · 20,016 / 8 = 338 MB, against 450 MB for the old 2 bits per interleaved state).
/// </para>
/// </summary>
internal sealed class ViterbiWorkspace : IDisposable
{
    /// <summary>Score rows are stored at token index + <see cref="Pad"/>, so that token −1 (always −∞) can be read.</summary>
    public const int Pad = 1;

    /// <summary>Floats per vector on this machine: 16 where 512-bit vectors are accelerated, else 8.</summary>
    public static int NativeWidth => Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count;

    /// <param name="width">Floats per vector, 8 or 16 (<see cref="NativeWidth"/> unless a test picks one).</param>
    public ViterbiWorkspace(int frames, int tokens, int width)
    {
        if (width != Vector256<float>.Count && !(width == Vector512<float>.Count && Vector512.IsHardwareAccelerated))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "Vectors of 8 floats, or 16 where 512-bit vectors are accelerated.");
        }

        Frames = frames;
        Tokens = tokens;
        Width = width;
        PaddedTokens = ((tokens / Width) + 1) * Width; // Covers tokens 0..L (the final blank) in whole vectors.
        RowLength = Pad + PaddedTokens;
        LowestState = Rent<int>(frames);
        HighestState = Rent<int>(frames);
        FirstVectorToken = Rent<int>(frames);
        BackpointerOffset = Rent<long>(frames + 1);
        EarliestFrame = Rent<int>(tokens);
        LatestFrame = Rent<int>(tokens);
        Targets = Rent<int>(PaddedTokens);
        SkipPenalty = Rent<float>(PaddedTokens);
        BlankScores = Rent<float>(RowLength);
        LetterScores = Rent<float>(RowLength);
        NextBlankScores = Rent<float>(RowLength);
        NextLetterScores = Rent<float>(RowLength);
        EmissionTable = Rent<float>(EmissionLookup256.TableColumns);
    }

    public int Frames { get; }

    /// <summary>Floats per vector: tokens per step of the forward pass and per band alignment.</summary>
    public int Width { get; }

    public int Tokens { get; }

    /// <summary>Tokens rounded up past the final blank to whole vectors; every per-token table has this length.</summary>
    public int PaddedTokens { get; }

    /// <summary>Length of a score row: <see cref="Pad"/> + <see cref="PaddedTokens"/>.</summary>
    public int RowLength { get; }

    /// <summary>Per frame: lowest state (2i blank before token i, 2i+1 token i) on a path that can finish.</summary>
    public int[] LowestState { get; }

    /// <summary>Per frame: highest state reachable from the start.</summary>
    public int[] HighestState { get; }

    /// <summary>Per frame: the first token of the band, rounded down to a whole vector.</summary>
    public int[] FirstVectorToken { get; }

    /// <summary>Per frame: where its backpointer bytes start (frame 0 has none).</summary>
    public long[] BackpointerOffset { get; }

    /// <summary>Per token: the earliest frame a path can emit it on.</summary>
    public int[] EarliestFrame { get; }

    /// <summary>Per token: the latest frame a path can emit it on and still finish.</summary>
    public int[] LatestFrame { get; }

    /// <summary>Target ids, padded with the blank id.</summary>
    public int[] Targets { get; }

    /// <summary>0 where token i may be reached straight from token i − 1 (different labels), −∞ elsewhere.</summary>
    public float[] SkipPenalty { get; }

    public float[] BlankScores { get; private set; }

    public float[] LetterScores { get; private set; }

    public float[] NextBlankScores { get; private set; }

    public float[] NextLetterScores { get; private set; }

    /// <summary>One emission row copied into a fixed-size table for vector lookups.</summary>
    public float[] EmissionTable { get; }

    /// <summary>Position-prior centres and widths per token (padded with "no prior"); rented on first use.</summary>
    public float[]? PriorCentre { get; private set; }

    public float[]? PriorSigma { get; private set; }

    /// <summary>Emissions of the band's letters on one frame, when they cannot be looked up in vectors.</summary>
    public float[]? LetterEmissions { get; private set; }

    public byte[] Backpointers { get; private set; } = [];

    public void RentPrior(TokenPositionPrior prior)
    {
        PriorCentre = Rent<float>(PaddedTokens);
        PriorSigma = Rent<float>(PaddedTokens);
        Array.Clear(PriorCentre, 0, PaddedTokens);
        Array.Clear(PriorSigma, 0, PaddedTokens);
        prior.CentreFrame.AsSpan().CopyTo(PriorCentre);
        prior.SigmaFrames.AsSpan().CopyTo(PriorSigma);
    }

    public void RentLetterEmissions() => LetterEmissions = Rent<float>(RowLength);

    public void RentBackpointers(long bytes)
    {
        if (bytes > Array.MaxLength)
        {
            throw new CtcAlignmentException($"The alignment needs {bytes / (1 << 20)} MiB of backpointers, more than one array can hold: the audio or the lyrics are too long.");
        }

        // Large backpointer arrays are allocated to size and left to the GC: the pool would round them up to the next
        // power of two (up to 2× the memory) and keep them alive between requests.
        _backpointersPooled = bytes <= MaximumPooledBackpointerBytes;
        Backpointers = _backpointersPooled ? Rent<byte>((int)bytes) : GC.AllocateUninitializedArray<byte>((int)bytes);
    }

    /// <summary>Backpointer arrays up to this size (32 MiB, a 7-minute song without line windows) come from the pool.</summary>
    public const long MaximumPooledBackpointerBytes = 32L << 20;

    private bool _backpointersPooled;

    /// <summary>After a frame: the rows just written become the previous frame's.</summary>
    public void SwapScoreRows()
    {
        (BlankScores, NextBlankScores) = (NextBlankScores, BlankScores);
        (LetterScores, NextLetterScores) = (NextLetterScores, LetterScores);
    }

    public void Dispose()
    {
        Return(LowestState);
        Return(HighestState);
        Return(FirstVectorToken);
        Return(BackpointerOffset);
        Return(EarliestFrame);
        Return(LatestFrame);
        Return(Targets);
        Return(SkipPenalty);
        Return(BlankScores);
        Return(LetterScores);
        Return(NextBlankScores);
        Return(NextLetterScores);
        Return(EmissionTable);
        Return(PriorCentre);
        Return(PriorSigma);
        Return(LetterEmissions);
        if (_backpointersPooled)
        {
            Return(Backpointers);
        }

        Backpointers = [];
    }

    private static T[] Rent<T>(int length) => ArrayPool<T>.Shared.Rent(Math.Max(length, 1));

    private static void Return<T>(T[]? array)
    {
        if (array is { Length: > 0 })
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }
}

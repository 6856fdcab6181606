namespace Kiaraoke.Alignment.Acoustic;

/// <summary>How audio is cut into model windows and fed to the model.</summary>
public sealed record EmissionOptions
{
    /// <summary>Window length in seconds (reference: 30).</summary>
    public int WindowSeconds { get; init; } = 30;

    /// <summary>Context on each side of a window in seconds (reference: 2).</summary>
    public int ContextSeconds { get; init; } = 2;

    /// <summary>Where the edge windows of a long song take their context from (see <see cref="Acoustic.WindowEdges"/>).</summary>
    public WindowEdges Edges { get; init; } = WindowEdges.InsideAudio;
    /// <summary>Windows per model call. More is faster on a GPU and costs memory.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Zero-mean / unit-variance normalisation of each window before the model (the MMS reference feeds raw audio).</summary>
    public bool NormalizeWindows { get; init; }
}

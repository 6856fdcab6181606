namespace Kiaraoke.Alignment.Ctc;

/// <summary>Where <c>&lt;star&gt;</c> wildcards go: they absorb audio that has no lyric (intro, outro, instrumental breaks).</summary>
public enum StarPlacement
{
    None,
    Edges,
    EdgesAndLineBreaks,
}

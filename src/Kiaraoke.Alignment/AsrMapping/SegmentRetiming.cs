using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>The merged timeline, which lines were weak and which of them the ASR re-timed.</summary>
public sealed record SegmentRetiming(IReadOnlyList<AlignedLine> Lines, IReadOnlyList<int> WeakLines, IReadOnlyList<int> RetimedLines)
{
    public bool AnyRetimed => RetimedLines.Count > 0;
}

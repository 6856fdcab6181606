using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Engines;

/// <summary>A Tier-1 result mended after the quality gate refused it, and the engine identity it is recorded under.</summary>
public sealed record RepairedAlignment(AlignmentResult Result, IAlignmentEngine Engine, string Note);

/// <summary>
/// A way to mend a Tier-1 result the quality gate refused instead of falling back for the whole song (the segment-level
/// fallback). The router asks each registered repair in turn; null means "could not mend it".
/// </summary>
public interface ITier1Repair
{
    Task<RepairedAlignment?> TryRepairAsync(AlignmentJob job, AlignmentResult rejected, IAlignmentEngine tier1, CancellationToken cancellationToken);
}

using Kiaraoke.AlignApi.Engines;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>
/// The segment-level fallback as a Tier-1 repair: the weak lines of a refused CTC result are re-timed from Whisper
/// (transcriptions shared with Tiers 2/3 through <see cref="TranscriptMemo"/>). The result is recorded under the
/// source <c>ctc+whisper_segments</c> and the Tier-1 model version, so the cache keeps treating it as a Tier-1 entry.
/// </summary>
public sealed class SegmentRepair(SegmentFallback fallback, TranscriptMemo memo) : ITier1Repair
{
    public async Task<RepairedAlignment?> TryRepairAsync(AlignmentJob job, AlignmentResult rejected, IAlignmentEngine tier1, CancellationToken cancellationToken)
    {
        if (!fallback.Enabled)
        {
            return null;
        }

        var repaired = await fallback.TryRetimeAsync(
            rejected.Lines,
            rejected.DurationMs,
            (backend, ct) => memo.GetOrTranscribeAsync(job, backend, ct),
            cancellationToken).ConfigureAwait(false);
        if (repaired is null)
        {
            return null;
        }

        var result = rejected with { Lines = repaired.Lines };
        var note = $"{repaired.Retiming.RetimedLines.Count} of {repaired.Retiming.WeakLines.Count} weak lines re-timed from {repaired.Backend} ({repaired.ModelVersion})";
        return new RepairedAlignment(result, new SegmentRepairedEngine(tier1), note);
    }

    /// <summary>The identity a repaired result is stored under; it never aligns anything itself.</summary>
    private sealed class SegmentRepairedEngine(IAlignmentEngine tier1) : IAlignmentEngine
    {
        public AlignmentTier Tier => AlignmentTier.Ctc;

        public string Source => SegmentFallbackResult.TierUsed;

        public string ModelVersion => tier1.ModelVersion;

        public bool IsAvailable => true;

        public Task<AlignmentResult> AlignAsync(AlignmentJob job, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A repaired result is made by the segment fallback, not by aligning.");
    }
}

using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Timing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>A Tier-1 result repaired line by line: <c>tier_used</c> is <see cref="TierUsed"/>.</summary>
public sealed record SegmentFallbackResult(SegmentRetiming Retiming, string Backend, string ModelVersion)
{
    public const string TierUsed = "ctc+whisper_segments";

    public IReadOnlyList<AlignedLine> Lines => Retiming.Lines;
}

/// <summary>
/// Segment-level fallback: asks the first Whisper back end that answers for a transcription of the song, re-times
/// the Tier-1 lines whose confidence is under the threshold from the ASR words of their span, and keeps the rest of
/// Tier 1 (<see cref="SegmentRetimer"/>). Returns null when there is no weak line, no back end answered, or nothing
/// could be re-timed — the caller then falls back for the whole song as usual.
/// </summary>
public sealed class SegmentFallback(IEnumerable<ISpeechToText> backends, IOptions<WhisperFallbackOptions> options, ILogger<SegmentFallback> logger)
{
    public bool Enabled => options.Value.SegmentFallbackEnabled;

    /// <summary>Transcribes through each configured back end in order (<paramref name="transcribe"/> may reuse earlier answers).</summary>
    public async Task<SegmentFallbackResult?> TryRetimeAsync(
        IReadOnlyList<AlignedLine> tier1,
        int durationMs,
        Func<ISpeechToText, CancellationToken, Task<AsrTranscript>> transcribe,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.SegmentFallbackEnabled || SegmentRetimer.FindWeakLines(tier1, settings.SegmentLineConfidence).Count == 0)
        {
            return null;
        }

        foreach (var backend in backends.Where(b => b.IsConfigured))
        {
            AsrTranscript transcript;
            try
            {
                transcript = await transcribe(backend, cancellationToken).ConfigureAwait(false);
            }
            catch (AsrBackendException)
            {
                continue; // Logged by the client; try the next back end.
            }

            var retiming = SegmentRetimer.Retime(tier1, transcript, durationMs, new SegmentRetimeOptions
            {
                LineConfidenceThreshold = settings.SegmentLineConfidence,
                MinMatchedRatio = settings.SegmentMinMatchedRatio,
            });
            FallbackLog.SegmentsRetimed(logger, retiming.RetimedLines.Count, retiming.WeakLines.Count, backend.Name);
            if (!retiming.AnyRetimed || TimingContractValidator.Validate(retiming.Lines, durationMs).Count > 0)
            {
                return null;
            }

            return new SegmentFallbackResult(retiming, backend.Name, backend.ModelVersion);
        }

        return null;
    }
}

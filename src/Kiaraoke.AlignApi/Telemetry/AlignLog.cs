namespace Kiaraoke.AlignApi.Telemetry;

/// <summary>Source-generated log messages; event ids are stable for dashboards.</summary>
internal static partial class AlignLog
{
    [LoggerMessage(EventId = 1, EventName = "AlignmentCompleted", Level = LogLevel.Information,
        Message = "Aligned track {track_id}: tier_used={tier_used} source={source} model_version={model_version} duration_ms={duration_ms} word_count={word_count} confidence_avg={confidence_avg} fallback_reason={fallback_reason}")]
    public static partial void AlignmentCompleted(ILogger logger, string track_id, int tier_used, string source, string model_version, long duration_ms, int word_count, double confidence_avg, string? fallback_reason);

    [LoggerMessage(EventId = 2, EventName = "TierFallback", Level = LogLevel.Warning,
        Message = "Track {track_id}: tier {tier} not used ({reason_code}): {fallback_reason}")]
    public static partial void TierFallback(ILogger logger, string track_id, int tier, string reason_code, string fallback_reason);

    [LoggerMessage(EventId = 3, EventName = "AlignmentFailed", Level = LogLevel.Warning,
        Message = "Track {track_id}: no tier could align ({fallback_reason})")]
    public static partial void AlignmentFailed(ILogger logger, string track_id, string fallback_reason);

    [LoggerMessage(EventId = 4, EventName = "CacheHit", Level = LogLevel.Debug,
        Message = "Track {track_id}: served from cache (source {source}, cached {cached_at})")]
    public static partial void CacheHit(ILogger logger, string track_id, string source, DateTimeOffset cached_at);

    [LoggerMessage(EventId = 10, EventName = "ModelLoaded", Level = LogLevel.Information,
        Message = "Tier 1 model {model_id}@{revision} loaded (licence {license}, device {device}, {threads} threads per inference, {concurrency} inferences at once)")]
    public static partial void ModelLoaded(ILogger logger, string model_id, string revision, string license, string device, int threads, int concurrency);

    [LoggerMessage(EventId = 11, EventName = "ModelLicenceRefused", Level = LogLevel.Error,
        Message = "Licence guard: the model at '{model_dir}' is marked non-commercial by its MODEL_CARD.md and KARAOKE_ALIGNMENT_LICENSE_MODE={license_mode}; it is refused and the embedded model is used instead")]
    public static partial void ModelLicenceRefused(ILogger logger, string model_dir, string license_mode);

    [LoggerMessage(EventId = 12, EventName = "Tier1Unavailable", Level = LogLevel.Warning, Message = "{reason}")]
    public static partial void Tier1Unavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 13, EventName = "DeviceFallback", Level = LogLevel.Warning, Message = "{reason}")]
    public static partial void DeviceFallback(ILogger logger, string reason);

    [LoggerMessage(EventId = 20, EventName = "LocalDevelopmentMode", Level = LogLevel.Warning,
        Message = "No API key configured (KARAOKE_API_KEYS is empty): running in LOCAL DEVELOPMENT MODE, every endpoint is open. Never expose this instance.")]
    public static partial void LocalDevelopmentMode(ILogger logger);

    [LoggerMessage(EventId = 21, EventName = "ApiKeysConfigured", Level = LogLevel.Information,
        Message = "{count} API key(s) configured; reads {read_mode}")]
    public static partial void ApiKeysConfigured(ILogger logger, int count, string read_mode);

    [LoggerMessage(EventId = 30, EventName = "BreakerOpened", Level = LogLevel.Error,
        Message = "Tier 1 circuit breaker OPEN for {break_seconds} s after {reason}: requests fall back to Tier 2")]
    public static partial void BreakerOpened(ILogger logger, double break_seconds, string reason);

    [LoggerMessage(EventId = 31, EventName = "BreakerClosed", Level = LogLevel.Information, Message = "Tier 1 circuit breaker closed")]
    public static partial void BreakerClosed(ILogger logger);

    [LoggerMessage(EventId = 32, EventName = "BreakerHalfOpen", Level = LogLevel.Information, Message = "Tier 1 circuit breaker half-open: the next request tries Tier 1")]
    public static partial void BreakerHalfOpen(ILogger logger);

    [LoggerMessage(EventId = 33, EventName = "Tier1Switched", Level = LogLevel.Warning, Message = "Tier 1 {state} by the admin switch")]
    public static partial void Tier1Switched(ILogger logger, string state);

    [LoggerMessage(EventId = 40, EventName = "InferenceQueueFull", Level = LogLevel.Warning,
        Message = "Track {track_id}: inference queue full, answered 429 (retry after {retry_after} s)")]
    public static partial void InferenceQueueFull(ILogger logger, string track_id, int retry_after);
}

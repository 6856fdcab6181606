namespace Kiaraoke.AlignApi.Telemetry;

/// <summary>Source-generated log messages of persistence and caching (event ids 50–69).</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 50, EventName = "SchemaReady", Level = LogLevel.Information,
        Message = "word_timestamps_cache is ready in {database}")]
    public static partial void SchemaReady(ILogger logger, string database);

    [LoggerMessage(EventId = 51, EventName = "SchemaMigrationFailed", Level = LogLevel.Error,
        Message = "Migrating word_timestamps_cache in {database} failed (attempt {attempt}); the service runs degraded and retries")]
    public static partial void SchemaMigrationFailed(ILogger logger, Exception exception, string database, int attempt);

    /// <summary>A failed read, summarised: one warning per interval with the count (see <see cref="StoreOutageLog"/>).</summary>
    public static void StoreReadFailed(ILogger logger, string track_id, string database, string error) =>
        StoreOutageLog.ReadFailed(logger, track_id, database, error);

    [LoggerMessage(EventId = 53, EventName = "StoreWriteFailed", Level = LogLevel.Error,
        Message = "Writing track {track_id} to {database} failed; queued for retry ({pending} waiting): {error}")]
    public static partial void StoreWriteFailed(ILogger logger, string track_id, string database, int pending, string error);

    [LoggerMessage(EventId = 54, EventName = "StoreWriteRetried", Level = LogLevel.Information,
        Message = "Queued write of track {track_id} stored after {attempts} attempt(s)")]
    public static partial void StoreWriteRetried(ILogger logger, string track_id, int attempts);

    [LoggerMessage(EventId = 55, EventName = "StoreWriteDropped", Level = LogLevel.Error,
        Message = "Retry queue full: the queued write of track {track_id} was dropped")]
    public static partial void StoreWriteDropped(ILogger logger, string track_id);

    [LoggerMessage(EventId = 56, EventName = "RedisUnavailable", Level = LogLevel.Warning,
        Message = "Redis cache {operation} failed; serving from memory and the database: {error}")]
    public static partial void RedisUnavailable(ILogger logger, string operation, string error);

    [LoggerMessage(EventId = 57, EventName = "RedisConnectionChanged", Level = LogLevel.Warning,
        Message = "Redis {endpoint}: {state}")]
    public static partial void RedisConnectionChanged(ILogger logger, string endpoint, string state);

    [LoggerMessage(EventId = 58, EventName = "ComputationLockUnavailable", Level = LogLevel.Warning,
        Message = "Track {track_id}: the cross-replica lock could not be taken ({error}); computing without it")]
    public static partial void ComputationLockUnavailable(ILogger logger, string track_id, string error);

    [LoggerMessage(EventId = 59, EventName = "WaitedForReplica", Level = LogLevel.Information,
        Message = "Track {track_id}: waited {waited_ms} ms for another replica's computation")]
    public static partial void WaitedForReplica(ILogger logger, string track_id, long waited_ms);

    [LoggerMessage(EventId = 61, EventName = "CorrectionNotStored", Level = LogLevel.Error,
        Message = "Track {track_id}: the user correction could not be stored in {database}: {error}")]
    public static partial void CorrectionNotStored(ILogger logger, string track_id, string database, string error);

    [LoggerMessage(EventId = 60, EventName = "CorrectionStored", Level = LogLevel.Information,
        Message = "Track {track_id}: user correction stored ({word_count} words)")]
    public static partial void CorrectionStored(ILogger logger, string track_id, int word_count);
}

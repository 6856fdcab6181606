namespace Kiaraoke.AlignApi.Telemetry;

/// <summary>Source-generated log messages of the write-retry queue (event ids 70–79).</summary>
internal static partial class WriteQueueLog
{
    [LoggerMessage(EventId = 70, EventName = "WriteQueued", Level = LogLevel.Warning,
        Message = "{operation} could not reach {database}; queued ({pending} waiting): {error}")]
    public static partial void Queued(ILogger logger, string operation, string database, int pending, string error);

    [LoggerMessage(EventId = 71, EventName = "WritePoisoned", Level = LogLevel.Error,
        Message = "{operation} was refused by {database} for good and dropped (retrying cannot help): {error}")]
    public static partial void Poisoned(ILogger logger, string operation, string database, string error);

    [LoggerMessage(EventId = 72, EventName = "QueueDrained", Level = LogLevel.Information,
        Message = "The write-retry queue is empty again: {stored} queued write(s) landed after {attempts} failed attempt(s)")]
    public static partial void Drained(ILogger logger, int stored, int attempts);

    [LoggerMessage(EventId = 73, EventName = "WriteDropped", Level = LogLevel.Error,
        Message = "The write-retry queue is full ({limit}): {operation} was dropped")]
    public static partial void Dropped(ILogger logger, int limit, string operation);

    [LoggerMessage(EventId = 74, EventName = "QueueStillFailing", Level = LogLevel.Warning,
        Message = "{database} still cannot be reached: {pending} write(s) wait ({attempts} failed attempt(s) so far): {error}")]
    public static partial void StillFailing(ILogger logger, string database, int pending, int attempts, string error);

    [LoggerMessage(EventId = 75, EventName = "QueueRestored", Level = LogLevel.Information,
        Message = "{count} queued write(s) read back from {folder} after a restart")]
    public static partial void Restored(ILogger logger, int count, string folder);

    [LoggerMessage(EventId = 76, EventName = "SpillFailed", Level = LogLevel.Warning,
        Message = "A queued write could not be kept on disk in {folder} (it stays in memory): {error}")]
    public static partial void SpillFailed(ILogger logger, string folder, string error);
}

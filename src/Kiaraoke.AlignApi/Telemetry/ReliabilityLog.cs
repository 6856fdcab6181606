namespace Kiaraoke.AlignApi.Telemetry;

/// <summary>Source-generated log messages of input hygiene and outage summaries (event ids 90–99).</summary>
internal static partial class ReliabilityLog
{
    [LoggerMessage(EventId = 90, EventName = "UploadLeftoversRemoved", Level = LogLevel.Warning,
        Message = "Removed {file_count} upload(s) ({bytes} bytes) left by stopped processes in {folder}")]
    public static partial void UploadLeftoversRemoved(ILogger logger, int file_count, long bytes, string folder);

    [LoggerMessage(EventId = 91, EventName = "StoreReadsFailing", Level = LogLevel.Warning,
        Message = "Reading from {database} failed {failures} time(s) in the last {interval_s} s (treated as misses); last: track {track_id}: {error}")]
    public static partial void StoreReadsFailing(ILogger logger, string database, int failures, int interval_s, string track_id, string error);
}

namespace Kiaraoke.AlignApi.Telemetry;

/// <summary>Source-generated log messages of the asynchronous jobs (event ids 80–89).</summary>
internal static partial class JobLog
{
    [LoggerMessage(EventId = 80, EventName = "JobQueued", Level = LogLevel.Information,
        Message = "Job {job_id} queued: align track {track_id}")]
    public static partial void Queued(ILogger logger, string job_id, string track_id);

    [LoggerMessage(EventId = 81, EventName = "JobCompleted", Level = LogLevel.Information,
        Message = "Job {job_id} done: track {track_id} (from cache: {from_cache})")]
    public static partial void Completed(ILogger logger, string job_id, string track_id, bool from_cache);

    [LoggerMessage(EventId = 82, EventName = "RealignRow", Level = LogLevel.Warning,
        Message = "Re-alignment of row {row_id} (track {track_id}) failed: {error}")]
    public static partial void RealignRowFailed(ILogger logger, int row_id, string track_id, string error);

    [LoggerMessage(EventId = 83, EventName = "RealignDone", Level = LogLevel.Information,
        Message = "Catalogue re-alignment done: {realigned} re-aligned, {skipped} without audio, {failed} failed, of {total}")]
    public static partial void RealignDone(ILogger logger, int realigned, int skipped, int failed, int total);
}

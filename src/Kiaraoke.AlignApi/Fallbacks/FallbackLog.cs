using Microsoft.Extensions.Logging;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>Log events of the Whisper fallbacks and LRCLib; ids are stable for dashboards.</summary>
internal static partial class FallbackLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning,
        Message = "{Backend} answered with times in milliseconds (largest {MaxReported}); converted to seconds explicitly")]
    public static partial void TimesInMilliseconds(ILogger logger, string backend, double maxReported);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "{Backend} failed ({Reason}): {Detail}")]
    public static partial void BackendFailed(ILogger logger, string backend, string reason, string detail);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information,
        Message = "{Backend} transcribed {WordCount} words in {ElapsedMs} ms")]
    public static partial void Transcribed(ILogger logger, string backend, int wordCount, long elapsedMs);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information,
        Message = "Groq upload: {FileName}, {Bytes} bytes after transcoding")]
    public static partial void GroqUpload(ILogger logger, string fileName, long bytes);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information,
        Message = "LRCLib {Endpoint}: record {RecordId} (synced: {Synced}, instrumental: {Instrumental})")]
    public static partial void LrcLibFound(ILogger logger, string endpoint, long recordId, bool synced, bool instrumental);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Information, Message = "LRCLib has no lyrics for this track ({Detail})")]
    public static partial void LrcLibMiss(ILogger logger, string detail);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Warning, Message = "LRCLib look-up failed: {Detail}")]
    public static partial void LrcLibFailed(ILogger logger, string detail);

    [LoggerMessage(EventId = 8020, Level = LogLevel.Information,
        Message = "Segment fallback re-timed {Retimed} of {Weak} weak lines from {Backend}")]
    public static partial void SegmentsRetimed(ILogger logger, int retimed, int weak, string backend);
}

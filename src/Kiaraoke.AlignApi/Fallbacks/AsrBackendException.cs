namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>Why a speech-to-text back end gave no usable transcription; <see cref="Reason"/> is a short, stable code.</summary>
public static class AsrFailureReasons
{
    public const string NotConfigured = "not_configured";
    public const string Unavailable = "unavailable";
    public const string Timeout = "timeout";
    public const string RateLimited = "rate_limited";
    public const string TooLarge = "too_large";
    public const string Rejected = "rejected";
    public const string ServerError = "server_error";
    public const string MalformedResponse = "malformed_response";
    public const string TimeUnitRefused = "time_unit_refused";
    public const string NoWords = "no_words";
    public const string TranscodeFailed = "transcode_failed";
}

/// <summary>
/// A speech-to-text back end failed in a way the tier router treats as "go to the next tier". The message names the
/// back end and what went wrong, never the audio or the lyrics.
/// </summary>
public sealed class AsrBackendException(string backend, string reason, string message, Exception? inner = null)
    : Exception($"{backend}: {message}", inner)
{
    public string Backend { get; } = backend;

    public string Reason { get; } = reason;
}

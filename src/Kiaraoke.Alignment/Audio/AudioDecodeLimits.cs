namespace Kiaraoke.Alignment.Audio;

/// <summary>
/// What one decode may cost: the longest audio accepted (checked with ffprobe before decoding and again on every
/// decoded sample, so a small file that expands to hours is stopped at the limit) and the longest wall-clock time
/// ffmpeg may run. <see cref="LimitName"/> is the setting a refusal names (e.g. KARAOKE_MAX_AUDIO_SECONDS).
/// </summary>
public sealed record AudioDecodeLimits(double? MaxDurationSeconds = null, TimeSpan? Timeout = null, string? LimitName = null)
{
    public static AudioDecodeLimits None { get; } = new();

    /// <summary>Samples a decode may deliver before it is stopped: the limit plus 0.1 s for resampler rounding.</summary>
    public long? MaxSamples(int sampleRate) =>
        MaxDurationSeconds is { } seconds ? (long)Math.Ceiling(seconds * sampleRate) + (sampleRate / 10) : null;

    internal string Describe(double seconds) =>
        LimitName is null
            ? seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s"
            : seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + $" s ({LimitName})";
}

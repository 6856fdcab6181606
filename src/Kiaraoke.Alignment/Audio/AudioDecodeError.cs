namespace Kiaraoke.Alignment.Audio;

/// <summary>The kind of failure an <see cref="AudioDecodeException"/> reports.</summary>
public enum AudioDecodeError
{
    FileNotFound,
    EmptyFile,
    DecoderMissing,
    NotAudio,
    NoSamples,

    /// <summary>Longer than <see cref="AudioDecodeLimits.MaxDurationSeconds"/> (by its header or by its decoded samples).</summary>
    TooLong,

    /// <summary>ffmpeg ran longer than <see cref="AudioDecodeLimits.Timeout"/> and was stopped.</summary>
    TimedOut,
}

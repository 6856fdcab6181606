using System.ComponentModel.DataAnnotations;

namespace Kiaraoke.AlignApi.Options;

/// <summary>Input limits and the vocals root (section <c>Limits</c>).</summary>
public sealed class ServiceLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest accepted upload in bytes (413 beyond). KARAOKE_MAX_UPLOAD_BYTES.</summary>
    [Range(1_024, 2_147_483_647)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Longest accepted audio in seconds (400 beyond). KARAOKE_MAX_AUDIO_SECONDS.</summary>
    [Range(1, 7_200)]
    public int MaxAudioSeconds { get; set; } = 900;

    /// <summary>Longest accepted lyrics in characters (400 beyond). KARAOKE_MAX_LYRICS_CHARS.</summary>
    [Range(1, 1_000_000)]
    public int MaxLyricsCharacters { get; set; } = 20_000;

    /// <summary>Longest time ffmpeg may take to decode one file before it is stopped (400). KARAOKE_DECODE_TIMEOUT_SECONDS.</summary>
    [Range(1, 3_600)]
    public int DecodeTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// Folder of uploaded audio while it is aligned (each process writes in its own sub-folder; those of dead processes
    /// are removed at start-up). Empty = the system temp folder. KARAOKE_UPLOAD_DIR.
    /// </summary>
    public string? UploadDirectory { get; set; }

    /// <summary>Only folder a JSON request's <c>vocalsPath</c> may point into; empty disables vocalsPath. KARAOKE_VOCALS_ROOT.</summary>
    public string? VocalsRoot { get; set; }
}

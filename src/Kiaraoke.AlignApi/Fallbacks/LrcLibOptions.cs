using System.ComponentModel.DataAnnotations;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>LRCLib lyrics look-up. Environment: <c>KARAOKE_LRCLIB_URL</c>.</summary>
public sealed class LrcLibOptions
{
    public const string SectionName = "LrcLib";

    /// <summary>Base address without <c>/api</c>. Empty: no look-up.</summary>
    public string? Url { get; set; } = "https://lrclib.net";

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>LRCLib asks clients to name themselves.</summary>
    [Required]
    public string UserAgent { get; set; } = "Kiaraoke-AlignApi/1.0 (+https://kiaraoke.fr)";

    /// <summary>A record matches when its duration is within this many seconds of the audio's (LRCLib's own rule).</summary>
    [Range(0, 60)]
    public double DurationToleranceSeconds { get; set; } = 2;
}

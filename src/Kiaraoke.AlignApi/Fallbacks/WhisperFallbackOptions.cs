using System.ComponentModel.DataAnnotations;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>How Whisper results are turned into karaoke, and the segment-level fallback. Section <c>Fallbacks</c>.</summary>
public sealed class WhisperFallbackOptions
{
    public const string SectionName = "Fallbacks";

    /// <summary>
    /// With known lyrics, a transcription whose words match fewer than this share of them is refused (wrong song,
    /// wrong language, music only) and the next tier is tried.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinMatchedRatio { get; set; } = 0.2;

    /// <summary>
    /// When the quality gate refuses a Tier-1 result, first re-time its weak lines from Whisper and keep it if it then
    /// passes, instead of falling back for the whole song.
    /// </summary>
    public bool SegmentFallbackEnabled { get; set; } = true;

    /// <summary>A Tier-1 line whose mean word confidence is under this is weak.</summary>
    [Range(0.0, 1.0)]
    public double SegmentLineConfidence { get; set; } = 0.45;

    /// <summary>A weak stretch is replaced only when at least this share of its words matched the ASR.</summary>
    [Range(0.0, 1.0)]
    public double SegmentMinMatchedRatio { get; set; } = 0.5;
}

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

    /// <summary>Re-time the weak lines of a Tier-1 result from Whisper instead of falling back for the whole song.</summary>
    public bool SegmentFallbackEnabled { get; set; } = true;

    /// <summary>
    /// Also re-time weak lines of Tier-1 results the quality gate accepted (costs a Whisper call per such song);
    /// by default only a rejected Tier-1 result is repaired this way before a whole-song fallback.
    /// </summary>
    public bool SegmentFallbackOnAccepted { get; set; }

    /// <summary>A Tier-1 line whose mean word confidence is under this is weak.</summary>
    [Range(0.0, 1.0)]
    public double SegmentLineConfidence { get; set; } = 0.45;

    /// <summary>A weak stretch is replaced only when at least this share of its words matched the ASR.</summary>
    [Range(0.0, 1.0)]
    public double SegmentMinMatchedRatio { get; set; } = 0.5;
}

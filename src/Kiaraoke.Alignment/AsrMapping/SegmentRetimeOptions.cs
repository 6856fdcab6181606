namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>Knobs of the segment-level fallback.</summary>
public sealed record SegmentRetimeOptions
{
    /// <summary>A Tier-1 line whose mean word confidence is under this is re-timed from the ASR.</summary>
    public double LineConfidenceThreshold { get; init; } = 0.45;

    /// <summary>A weak stretch is replaced only if at least this share of its words matched an ASR word.</summary>
    public double MinMatchedRatio { get; init; } = 0.5;

    public AsrMappingOptions Mapping { get; init; } = new();
}

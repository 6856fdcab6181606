using System.ComponentModel.DataAnnotations;

namespace Kiaraoke.AlignApi.Options;

/// <summary>Tier 1 circuit breaker (section <c>Breaker</c>): opens when enough recent Tier 1 runs failed.</summary>
public sealed class BreakerOptions
{
    public const string SectionName = "Breaker";

    /// <summary>Share of failed runs (exceptions, timeouts, out-of-memory, gate rejections) that opens the breaker.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Runs needed in the sampling window before the ratio counts.</summary>
    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 4;

    [Range(1, 86_400)]
    public int SamplingDurationSeconds { get; set; } = 300;

    /// <summary>How long Tier 1 is skipped once the breaker opens, before one trial run.</summary>
    [Range(1, 86_400)]
    public int BreakDurationSeconds { get; set; } = 120;
}

using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Quality;

/// <summary>Why a gate refused a result; null when it passed.</summary>
public sealed record GateVerdict(bool Passed, string? Reason, AlignmentQuality Quality);

/// <summary>
/// Accepts an alignment only if it honours the timing contract, its mean confidence reaches
/// <see cref="MinConfidenceAverage"/> and at most <see cref="MaxLowConfidenceRatio"/> of its words are low-confidence.
/// </summary>
public sealed record QualityGate(double MinConfidenceAverage = 0.45, double MaxLowConfidenceRatio = 0.35)
{
    public GateVerdict Evaluate(AlignmentResult result)
    {
        var quality = AlignmentQuality.Measure(result);
        var problems = TimingContractValidator.Validate(result.Lines, result.DurationMs);
        if (problems.Count > 0)
        {
            return new GateVerdict(false, "timing_contract: " + problems[0], quality);
        }

        if (quality.ConfidenceAverage < MinConfidenceAverage)
        {
            return new GateVerdict(false, $"low_confidence_avg: {quality.ConfidenceAverage:0.000} < {MinConfidenceAverage:0.000}", quality);
        }

        if (quality.LowConfidenceRatio > MaxLowConfidenceRatio)
        {
            return new GateVerdict(false, $"low_confidence_ratio: {quality.LowConfidenceRatio:0.000} > {MaxLowConfidenceRatio:0.000}", quality);
        }

        return new GateVerdict(true, null, quality);
    }
}

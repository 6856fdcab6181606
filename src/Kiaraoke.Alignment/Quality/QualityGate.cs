using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Quality;

/// <summary>
/// Accepts an alignment only if it honours the timing contract, its mean confidence reaches
/// <see cref="MinConfidenceAverage"/>, at most <see cref="MaxLowConfidenceRatio"/> of its words are low-confidence,
/// and, where Tier 1 measured it, the lyrics fit the audio better than a shuffle of themselves by at least
/// <see cref="MinDecoyMargin"/> (<see cref="DecoyFit.RelativeMargin"/>): another song's lyrics fail there. The
/// thresholds were chosen on the UltraStar dev songs and synthetic seed 101 (docs/alignment-weak-evidence.md).
/// </summary>
public sealed record QualityGate(double MinConfidenceAverage = 0.45, double MaxLowConfidenceRatio = 0.35, double MinDecoyMargin = QualityGate.DefaultMinDecoyMargin)
{
    public const double DefaultMinDecoyMargin = 0.10;

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

        if (quality.DecoyMargin is { } margin && margin < MinDecoyMargin)
        {
            return new GateVerdict(false, $"lyrics_mismatch: the lyrics fit the audio {margin:0.000} better than a shuffle of themselves < {MinDecoyMargin:0.000}", quality);
        }

        return new GateVerdict(true, null, quality);
    }
}

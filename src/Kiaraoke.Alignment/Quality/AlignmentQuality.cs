using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Quality;

/// <summary>Summary figures of one aligned song, the inputs of the quality gate.</summary>
public sealed record AlignmentQuality(double ConfidenceAverage, double LowConfidenceRatio, int WordCount, double? DecoyMargin = null)
{
    /// <summary>A word under this confidence counts as low-confidence (Kiaraoke's worker uses 0.30).</summary>
    public const double LowConfidenceThreshold = 0.30;

    public static AlignmentQuality Measure(AlignmentResult result)
    {
        var words = result.Words.ToList();
        if (words.Count == 0)
        {
            return new AlignmentQuality(0, 1, 0, result.DecoyFit?.RelativeMargin);
        }

        return new AlignmentQuality(
            words.Average(w => w.Confidence),
            (double)words.Count(w => w.Confidence < LowConfidenceThreshold) / words.Count,
            words.Count,
            result.DecoyFit?.RelativeMargin);
    }
}

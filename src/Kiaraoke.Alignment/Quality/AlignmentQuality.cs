using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Quality;

/// <summary>Summary figures of one aligned song, the inputs of the quality gate.</summary>
public sealed record AlignmentQuality(double ConfidenceAverage, double LowConfidenceRatio, int WordCount, double? DecoyMargin = null)
{
    /// <summary>A word under this confidence counts as low-confidence (Kiaraoke's worker uses 0.30).</summary>
    public const double LowConfidenceThreshold = 0.30;

    /// <summary>Whole-file offset applied to the LRC's line times (ms, + = sung later than written); null without line times.</summary>
    public int? LrcOffsetMs { get; init; }

    /// <summary>Line and word anchors that could not be met as given (see <see cref="Anchors.AnchorReport"/>); null without line times.</summary>
    public int? UnmetAnchors { get; init; }

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
            result.DecoyFit?.RelativeMargin)
        {
            LrcOffsetMs = result.Anchors?.LrcOffsetMs,
            UnmetAnchors = result.Anchors?.UnmetAnchors,
        };
    }
}

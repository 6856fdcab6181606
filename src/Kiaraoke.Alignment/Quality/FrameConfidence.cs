using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Quality;

/// <summary>One character frame's confidence under a <see cref="ConfidenceMeasure"/>, in 0..1.</summary>
public static class FrameConfidence
{
    /// <param name="forcedLogProb">Log-probability of the character the forced path emits at <paramref name="frame"/>.</param>
    public static double Of(EmissionMatrix emissions, int frame, float forcedLogProb, ConfidenceMeasure measure, int blankId = 0)
    {
        var reference = measure switch
        {
            ConfidenceMeasure.CharacterProbability => 0f,
            ConfidenceMeasure.BestLabelRatio => BestLogProb(emissions, frame, skip: -1),
            ConfidenceMeasure.BestLetterRatio => BestLogProb(emissions, frame, skip: blankId),
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, null),
        };

        // A forced character scoring above the reference (a star-adjusted or penalised row) still counts as 1.
        return Math.Exp(Math.Min(0, forcedLogProb - reference));
    }

    // The best of the model's own columns, the star (last column) and the skipped column left out.
    private static float BestLogProb(EmissionMatrix emissions, int frame, int skip)
    {
        var row = emissions.Row(frame)[..^1];
        var best = float.NegativeInfinity;
        for (var c = 0; c < row.Length; c++)
        {
            if (c != skip && row[c] > best)
            {
                best = row[c];
            }
        }

        return best;
    }
}

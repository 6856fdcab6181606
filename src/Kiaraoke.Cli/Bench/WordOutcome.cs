namespace Kiaraoke.Cli.Bench;

/// <summary>Where a word sits in its annotated line.</summary>
internal enum LinePosition
{
    /// <summary>The line's first word (a one-word line counts here).</summary>
    First,
    Inner,
    Last,
}

/// <summary>
/// One annotated word's outcome, in seconds: reference and predicted times (NaN when no prediction), the absolute and
/// signed errors (a missing word costs the song's duration and has no signed error), its place in its line, and
/// whether it is the first word after an instrumental break (at least <see cref="BreakSeconds"/> without a word).
/// </summary>
internal sealed record WordOutcome(
    double ReferenceStart,
    double ReferenceEnd,
    double PredictedStart,
    double PredictedEnd,
    double StartError,
    double EndError,
    LinePosition Position,
    bool AfterBreak)
{
    public const double BreakSeconds = 3.0;

    public bool Missing => double.IsNaN(PredictedStart);

    /// <summary>Predicted − reference start (positive = late); NaN when missing.</summary>
    public double StartBias => PredictedStart - ReferenceStart;

    public double EndBias => PredictedEnd - ReferenceEnd;

    public static WordOutcome For(GoldenSong song, int index, int[]? lineOfWord, PredictedWord? predicted, double durationSeconds)
    {
        var reference = song.Words[index];
        var position = LinePosition.Inner;
        if (lineOfWord is not null)
        {
            var line = lineOfWord[index];
            if (index == 0 || lineOfWord[index - 1] != line)
            {
                position = LinePosition.First;
            }
            else if (index + 1 == lineOfWord.Length || lineOfWord[index + 1] != line)
            {
                position = LinePosition.Last;
            }
        }

        var previousEnd = index == 0 ? 0 : song.Words[index - 1].End;
        var afterBreak = reference.Start - previousEnd >= BreakSeconds;
        return predicted is null
            ? new WordOutcome(reference.Start, reference.End, double.NaN, double.NaN, durationSeconds, durationSeconds, position, afterBreak)
            : new WordOutcome(
                reference.Start,
                reference.End,
                predicted.Start,
                predicted.End,
                Math.Abs(predicted.Start - reference.Start),
                Math.Abs(predicted.End - reference.End),
                position,
                afterBreak);
    }
}

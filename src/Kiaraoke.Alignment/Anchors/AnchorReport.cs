namespace Kiaraoke.Alignment.Anchors;

/// <summary>
/// What became of a song's line and word times: the whole-file offset applied to them (0 when none was detected
/// or it stayed within the line tolerance), and the anchors that could not be met as given — lines whose window was
/// widened or moved, word tags dropped, or every anchor when no path fitted them and the song was aligned unanchored.
/// </summary>
public sealed record AnchorReport(int LrcOffsetMs, int TimedLines, int WidenedLines, int WordAnchors, int DroppedWordAnchors, bool AnchorsAbandoned)
{
    /// <summary>Line and word anchors not met as given (an abandoned set counts every one).</summary>
    /// <summary>What the offset search found, applied or not (null when it did not run).</summary>
    public LrcOffsetEstimate? OffsetEstimate { get; init; }

    public int UnmetAnchors => AnchorsAbandoned ? TimedLines + WordAnchors + DroppedWordAnchors : WidenedLines + DroppedWordAnchors;
}

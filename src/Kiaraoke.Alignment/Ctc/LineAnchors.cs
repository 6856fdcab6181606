namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// The token windows of one song's line times, with how many anchors could not be met as given: lines whose window
/// had to be widened or moved to leave room for their text, and Enhanced-LRC word tags dropped.
/// </summary>
public sealed record LineAnchors(TokenWindows Windows, int TimedLines, int WidenedLines, int WordAnchors, int DroppedWordAnchors);

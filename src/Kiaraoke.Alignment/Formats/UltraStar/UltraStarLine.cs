namespace Kiaraoke.Alignment.Formats.UltraStar;

/// <summary>
/// A displayed lyric line: the notes between two <c>-</c> phrase breaks. <see cref="StartMs"/> is its first note's start,
/// <see cref="EndMs"/> its last note's end.
/// </summary>
public sealed record UltraStarLine(IReadOnlyList<UltraStarWord> Words)
{
    public double StartMs => Words[0].StartMs;

    public double EndMs => Words[^1].EndMs;

    public string Text => string.Join(' ', Words.Select(word => word.Text));
}

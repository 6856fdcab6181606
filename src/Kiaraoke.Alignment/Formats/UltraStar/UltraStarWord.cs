namespace Kiaraoke.Alignment.Formats.UltraStar;

/// <summary>
/// A word rebuilt from its syllables: <see cref="Text"/> is the syllables joined without the <c>~</c> melisma marks,
/// <see cref="StartMs"/> the first note's start and <see cref="EndMs"/> the last note's end (milliseconds from the
/// start of the audio file).
/// </summary>
public sealed record UltraStarWord(string Text, double StartMs, double EndMs, IReadOnlyList<UltraStarNote> Notes);

namespace Kiaraoke.Alignment.Formats.UltraStar;

/// <summary>
/// One note line: a syllable sung from <see cref="StartBeat"/> for <see cref="LengthBeats"/> quarter-beats, with the
/// times already resolved against <c>#BPM</c>, <c>#GAP</c> and <c>#RELATIVE</c>. <see cref="Syllable"/> is the text as
/// written (a leading or trailing space marks a word boundary, <c>~</c> continues the previous syllable).
/// </summary>
public sealed record UltraStarNote(
    UltraStarNoteKind Kind,
    int StartBeat,
    int LengthBeats,
    int Pitch,
    string Syllable,
    double StartMs,
    double EndMs,
    int SourceLine);

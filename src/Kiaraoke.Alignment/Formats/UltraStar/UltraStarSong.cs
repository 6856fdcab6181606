namespace Kiaraoke.Alignment.Formats.UltraStar;

/// <summary>
/// A parsed UltraStar <c>song.txt</c>. <see cref="AudioFileName"/> is the <c>#MP3</c> (or <c>#AUDIO</c>) header,
/// relative to the file's folder. <see cref="Headers"/> keeps every <c>#KEY:value</c> as written (keys upper-case).
/// Duets: only the first singer's notes (<c>P1</c>) are read.
/// </summary>
public sealed record UltraStarSong(
    string Title,
    string Artist,
    string? Language,
    string? AudioFileName,
    double Bpm,
    double GapMs,
    bool IsRelative,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<UltraStarNote> Notes,
    IReadOnlyList<UltraStarLine> Lines)
{
    public IEnumerable<UltraStarWord> Words => Lines.SelectMany(line => line.Words);
}

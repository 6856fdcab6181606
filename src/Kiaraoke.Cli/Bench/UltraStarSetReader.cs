using Kiaraoke.Alignment.Formats.UltraStar;

namespace Kiaraoke.Cli.Bench;

/// <summary>
/// One song folder in the UltraStar layout (<c>song.txt</c> beside its audio) as a golden song: every UltraStar word
/// is an annotated word (start of its first note, end of its last), every phrase an annotated line, and the lyrics
/// the engines receive are the phrases' text, one per line. The audio is the <c>#MP3</c> file, else <c>audio.*</c>.
/// </summary>
internal static class UltraStarSetReader
{
    public static GoldenSong? TryRead(string folder, IReadOnlyList<string> audioExtensions)
    {
        var songTxt = Path.Combine(folder, "song.txt");
        if (!File.Exists(songTxt))
        {
            return null;
        }

        UltraStarSong song;
        try
        {
            song = UltraStarReader.Read(songTxt);
        }
        catch (UltraStarFormatException e)
        {
            throw new UsageException($"'{songTxt}': {e.Message}");
        }

        var audio = song.AudioFileName is { } name && File.Exists(Path.Combine(folder, name))
            ? Path.Combine(folder, name)
            : audioExtensions.Select(e => Path.Combine(folder, "audio" + e)).FirstOrDefault(File.Exists);
        if (audio is null)
        {
            return null;
        }

        var lines = song.Lines.Where(l => l.Words.Count > 0).ToList();
        var words = lines.SelectMany(l => l.Words).Select(w => new ReferenceWord(w.Text.Trim(), w.StartMs / 1000, w.EndMs / 1000)).ToList();
        var referenceLines = lines.Select(l => new ReferenceLine(l.StartMs / 1000, l.EndMs / 1000, string.Join(' ', l.Words.Select(w => w.Text.Trim())))).ToList();
        var lyrics = string.Join('\n', referenceLines.Select(l => l.Text));
        return new GoldenSong(Path.GetFileName(folder), audio, lyrics, GoldenSetReader.ToIso(song.Language ?? "unknown"), words, referenceLines);
    }
}

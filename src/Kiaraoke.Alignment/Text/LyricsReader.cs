namespace Kiaraoke.Alignment.Text;

/// <summary>One entry point for lyric text: detects LRC by its time tags unless told otherwise.</summary>
public static class LyricsReader
{
    public static Lyrics Parse(string text, LyricsFormat format = LyricsFormat.Auto)
    {
        var effective = format == LyricsFormat.Auto
            ? (LrcParser.LooksLikeLrc(text) ? LyricsFormat.Lrc : LyricsFormat.Plain)
            : format;
        return effective == LyricsFormat.Lrc ? LrcParser.Parse(text) : PlainLyricsParser.Parse(text);
    }

    public static Lyrics ReadFile(string path, LyricsFormat format = LyricsFormat.Auto)
    {
        if (!File.Exists(path))
        {
            throw new LyricsFormatException($"Lyrics file not found: '{path}'.");
        }

        var text = LyricsDecoder.Decode(File.ReadAllBytes(path));
        if (format == LyricsFormat.Auto && path.EndsWith(".lrc", StringComparison.OrdinalIgnoreCase))
        {
            format = LyricsFormat.Lrc;
        }

        return Parse(text, format);
    }
}

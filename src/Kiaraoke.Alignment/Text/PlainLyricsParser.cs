namespace Kiaraoke.Alignment.Text;

/// <summary>Plain lyrics: one sung line per text line, a blank line starts a new paragraph.</summary>
public static class PlainLyricsParser
{
    public static Lyrics Parse(string text)
    {
        var lines = new List<LyricLine>();
        var paragraph = 0;
        var pendingBreak = false;
        foreach (var raw in SplitLines(text))
        {
            var words = WordSplitter.Split(UnsungMarkers.Strip(raw));
            if (words.Count == 0)
            {
                pendingBreak = lines.Count > 0;
                continue;
            }

            if (pendingBreak)
            {
                paragraph++;
                pendingBreak = false;
            }

            lines.Add(new LyricLine(words.Select(w => new LyricWord(w)).ToArray(), paragraph));
        }

        return LyricsValidation.RequireWords(new Lyrics(lines));
    }

    internal static IEnumerable<string> SplitLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
}

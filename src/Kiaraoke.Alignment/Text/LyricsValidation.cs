namespace Kiaraoke.Alignment.Text;

internal static class LyricsValidation
{
    public static Lyrics RequireWords(Lyrics lyrics) =>
        lyrics.WordCount == 0
            ? throw new LyricsFormatException("The lyrics contain no words: there is nothing to align.")
            : lyrics;
}

namespace Kiaraoke.Alignment.Text;

/// <summary>How <see cref="LyricsReader"/> reads lyric text: detected (LRC when it has time tags), plain, or LRC.</summary>
public enum LyricsFormat
{
    Auto,
    Plain,
    Lrc,
}

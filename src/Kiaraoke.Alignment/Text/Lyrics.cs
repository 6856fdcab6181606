namespace Kiaraoke.Alignment.Text;

/// <summary>
/// Known lyrics, in sung order, grouped in the lyric's own lines. <paramref name="Language"/> (ISO 639-1, when known)
/// decides how numbers are spelled out for the acoustic model.
/// </summary>
public sealed record Lyrics(IReadOnlyList<LyricLine> Lines, string? Language = null)
{
    public int WordCount => Lines.Sum(l => l.Words.Count);

    /// <summary>True when some line carries a start time (an LRC or synced lines), so those lines can anchor the alignment.</summary>
    public bool HasLineTimes => Lines.Any(l => l.StartMs is not null);

    public IEnumerable<LyricWord> AllWords => Lines.SelectMany(l => l.Words);

    /// <summary>Where line <paramref name="line"/> ends: its own end, else the next timed line's start, else the audio's end.</summary>
    public int LineEndMs(int line, int durationMs)
    {
        if (Lines[line].EndMs is { } end)
        {
            return end;
        }

        for (var next = line + 1; next < Lines.Count; next++)
        {
            if (Lines[next].StartMs is { } start)
            {
                return start;
            }
        }

        return durationMs;
    }
}

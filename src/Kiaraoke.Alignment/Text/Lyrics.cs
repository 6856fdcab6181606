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

    /// <summary>
    /// The end of line <paramref name="line"/>'s singing, when the lyrics give one: its own end time, unless that is
    /// only the next line's start (an LRC, or Kiaraoke's synced lines, run each line up to the next one's start), or the
    /// last line's end is exactly <see cref="PlaceholderLastLineMs"/> after its start (Kiaraoke's LRC parser makes that
    /// one up: it is not a sung end).
    /// </summary>
    public int? SungEndMs(int line)
    {
        if (Lines[line] is not { StartMs: { } startMs, EndMs: { } endMs })
        {
            return null;
        }

        var isLast = line + 1 >= Lines.Count;
        if (!isLast && Lines[line + 1].StartMs == endMs)
        {
            return null;
        }

        return isLast && endMs - startMs == PlaceholderLastLineMs ? null : endMs;
    }

    /// <summary>The length Kiaraoke's LRC parser gives the last line of every synced song (start + 5 s).</summary>
    public const int PlaceholderLastLineMs = 5_000;

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

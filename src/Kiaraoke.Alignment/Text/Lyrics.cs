namespace Kiaraoke.Alignment.Text;

/// <summary>One word of the lyrics exactly as written (punctuation kept), with its Enhanced-LRC start tag when the source had one.</summary>
public sealed record LyricWord(string Text, int? TaggedStartMs = null);

/// <summary>One sung line. Times are the line's own (from an LRC or synced lines), in milliseconds, or null for plain lyrics.</summary>
public sealed record LyricLine(IReadOnlyList<LyricWord> Words, int Paragraph, int? StartMs = null, int? EndMs = null)
{
    /// <summary>The line as displayed: its words joined by single spaces.</summary>
    public string Text => string.Join(' ', Words.Select(w => w.Text));
}

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

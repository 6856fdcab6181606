namespace Kiaraoke.Alignment.Text;

/// <summary>One sung line. Times are the line's own (from an LRC or synced lines), in milliseconds, or null for plain lyrics.</summary>
public sealed record LyricLine(IReadOnlyList<LyricWord> Words, int Paragraph, int? StartMs = null, int? EndMs = null)
{
    /// <summary>The line as displayed: its words joined by single spaces.</summary>
    public string Text => string.Join(' ', Words.Select(w => w.Text));
}

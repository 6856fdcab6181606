using System.Text;

namespace Kiaraoke.Alignment.Formats;

/// <summary>
/// Enhanced LRC (A2): metadata tags, then one <c>[mm:ss.xx]</c> line per lyric line with a <c>&lt;mm:ss.xx&gt;</c> tag
/// before each word and one after the last word (the line's end). Where a pause of <see cref="PauseMs"/> or more
/// follows a line (and after the last line), an empty tagged line marks the end for players that ignore word tags.
/// Times are centiseconds; a word's end other than a line's last is not written (A2 has no place for it: the next
/// word's tag ends it).
/// </summary>
public static class EnhancedLrcWriter
{
    /// <summary>The pause after a line that earns an empty end-of-line tag.</summary>
    public const int PauseMs = 2000;

    /// <param name="timeline">The lines to write.</param>
    /// <param name="offsetMs">Written as <c>[offset:]</c>; tags are shifted by it so a reader that honours the offset
    /// (positive = lyrics shown earlier, tag time minus offset) gets the timeline's own times back.</param>
    public static string Write(KaraokeTimeline timeline, int offsetMs = 0)
    {
        var text = new StringBuilder();
        Meta(text, "ti", timeline.Title);
        Meta(text, "ar", timeline.Artist);
        Meta(text, "la", timeline.Language);
        if (timeline.DurationMs is { } duration)
        {
            var seconds = (duration + 500) / 1000;
            Meta(text, "length", TimeText.Invariant($"{seconds / 60:00}:{seconds % 60:00}"));
        }

        Meta(text, "re", "Kiaraoke.AlignApi");
        if (offsetMs != 0)
        {
            Meta(text, "offset", TimeText.Invariant($"{offsetMs:+0;-0}"));
        }

        for (var i = 0; i < timeline.Lines.Count; i++)
        {
            var line = timeline.Lines[i];
            text.Append('[').Append(Tag(line.StartMs, offsetMs)).Append(']');
            foreach (var word in line.Words)
            {
                text.Append('<').Append(Tag(word.StartMs, offsetMs)).Append('>').Append(Clean(word.Word)).Append(' ');
            }

            text.Append('<').Append(Tag(line.EndMs, offsetMs)).Append(">\n");
            var next = i + 1 < timeline.Lines.Count ? timeline.Lines[i + 1].StartMs : (int?)null;
            if (next is null || next.Value - line.EndMs >= PauseMs)
            {
                text.Append('[').Append(Tag(line.EndMs, offsetMs)).Append("]\n");
            }
        }

        return text.ToString();
    }

    private static string Tag(int ms, int offsetMs) => TimeText.Lrc(ms + offsetMs);

    private static void Meta(StringBuilder text, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.Append('[').Append(key).Append(':').Append(Clean(value)).Append("]\n");
        }
    }

    // Brackets and angle brackets would read as tags; line breaks would split the line.
    private static string Clean(string value) =>
        value.Trim().Replace('[', '(').Replace(']', ')').Replace('<', '(').Replace('>', ')').Replace('\r', ' ').Replace('\n', ' ');
}

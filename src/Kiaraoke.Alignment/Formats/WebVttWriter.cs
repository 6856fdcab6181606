using System.Text;

namespace Kiaraoke.Alignment.Formats;

/// <summary>
/// WebVTT: one cue per lyric line; inside it, an inline <c>&lt;hh:mm:ss.ttt&gt;</c> timestamp before every word but
/// the first (the first word starts with the cue, and a timestamp must lie strictly inside the cue). Browsers style
/// sung and unsung words with <c>::cue(:past)</c> and <c>::cue(:future)</c>.
/// </summary>
public static class WebVttWriter
{
    public static string Write(KaraokeTimeline timeline)
    {
        var text = new StringBuilder("WEBVTT\n\n");
        if (!string.IsNullOrWhiteSpace(timeline.Title) || !string.IsNullOrWhiteSpace(timeline.Artist))
        {
            text.Append("NOTE ").Append(Escape(string.Join(" - ", new[] { timeline.Artist, timeline.Title }.Where(s => !string.IsNullOrWhiteSpace(s)))))
                .Append("\n\n");
        }

        for (var i = 0; i < timeline.Lines.Count; i++)
        {
            var line = timeline.Lines[i];
            text.Append(i + 1).Append('\n')
                .Append(TimeText.Vtt(line.StartMs)).Append(" --> ").Append(TimeText.Vtt(line.EndMs)).Append('\n');
            for (var k = 0; k < line.Words.Count; k++)
            {
                var word = line.Words[k];
                if (k > 0)
                {
                    text.Append(' ');
                    if (word.StartMs > line.StartMs && word.StartMs < line.EndMs)
                    {
                        text.Append('<').Append(TimeText.Vtt(word.StartMs)).Append('>');
                    }
                }

                text.Append(Escape(word.Word));
            }

            text.Append("\n\n");
        }

        return text.ToString();
    }

    // Cue text is HTML-like: '&', '<' and '>' must be character references (this also keeps "-->" out of cue text).
    private static string Escape(string value) =>
        value.Trim().Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace('\r', ' ').Replace('\n', ' ');
}

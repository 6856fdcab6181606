using System.Text;

namespace Kiaraoke.Alignment.Formats;

/// <summary>SubRip: one numbered cue per lyric line, <c>hh:mm:ss,ttt</c> times, no word timing (the format has none).</summary>
public static class SrtWriter
{
    public static string Write(KaraokeTimeline timeline)
    {
        var text = new StringBuilder();
        for (var i = 0; i < timeline.Lines.Count; i++)
        {
            var line = timeline.Lines[i];
            text.Append(i + 1).Append('\n')
                .Append(TimeText.Srt(line.StartMs)).Append(" --> ").Append(TimeText.Srt(line.EndMs)).Append('\n')
                .Append(string.Join(' ', line.Words.Select(w => OneLine(w.Word)))).Append("\n\n");
        }

        return text.ToString();
    }

    private static string OneLine(string value) => value.Trim().Replace('\r', ' ').Replace('\n', ' ');
}

using System.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Formats;

/// <summary>
/// Advanced SubStation Alpha (v4+) karaoke: one Dialogue per lyric line, alternating between an upper and a lower row
/// so the next line is readable before it is sung. A line appears up to <see cref="LeadInMs"/> before its first word
/// (never before the previous line of its row ends); the wait, the gaps between words and each word are karaoke
/// syllables in centiseconds, computed from rounded absolute times so they add up exactly to the Dialogue's length.
/// </summary>
public static class AssKaraokeWriter
{
    public const int LeadInMs = 1000;

    /// <summary>Names of the two row styles (upper row first).</summary>
    public static IReadOnlyList<string> StyleNames { get; } = ["KaraokeUpper", "KaraokeLower"];

    public static string Write(KaraokeTimeline timeline, AssKaraokeEffect effect = AssKaraokeEffect.Fill)
    {
        var tag = effect == AssKaraokeEffect.Fill ? "kf" : "k";
        var text = new StringBuilder();
        text.Append("[Script Info]\n")
            .Append("; Karaoke export of Kiaraoke.AlignApi\n");
        if (!string.IsNullOrWhiteSpace(timeline.Title))
        {
            text.Append("Title: ").Append(Clean(timeline.Title)).Append('\n');
        }

        text.Append("ScriptType: v4.00+\n")
            .Append("WrapStyle: 0\n")
            .Append("ScaledBorderAndShadow: yes\n")
            .Append("PlayResX: 1280\n")
            .Append("PlayResY: 720\n")
            .Append("YCbCr Matrix: None\n\n");

        // Colours are &HAABBGGRR: Primary = sung (amber), Secondary = not yet sung (white).
        text.Append("[V4+ Styles]\n")
            .Append("Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ")
            .Append("ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n")
            .Append("Style: ").Append(StyleNames[0]).Append(",Arial,52,&H0000B4FF,&H00FFFFFF,&H00202020,&H80000000,-1,0,0,0,100,100,0,0,1,3,1,2,60,60,110,1\n")
            .Append("Style: ").Append(StyleNames[1]).Append(",Arial,52,&H0000B4FF,&H00FFFFFF,&H00202020,&H80000000,-1,0,0,0,100,100,0,0,1,3,1,2,60,60,40,1\n\n");

        text.Append("[Events]\n")
            .Append("Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n");
        var rowFreeCs = new int[StyleNames.Count];
        for (var i = 0; i < timeline.Lines.Count; i++)
        {
            var line = timeline.Lines[i];
            var row = i % StyleNames.Count;
            var startCs = TimeText.Centiseconds(line.StartMs);
            var shownCs = Math.Max(rowFreeCs[row], Math.Max(0, TimeText.Centiseconds(line.StartMs - LeadInMs)));
            shownCs = Math.Min(shownCs, startCs);
            var endCs = TimeText.Centiseconds(line.EndMs);
            rowFreeCs[row] = endCs;

            text.Append("Dialogue: 0,").Append(TimeText.Ass(shownCs)).Append(',').Append(TimeText.Ass(endCs)).Append(',')
                .Append(StyleNames[row]).Append(",,0,0,0,karaoke,");
            AppendSyllables(text, line, shownCs, tag);
            text.Append('\n');
        }

        return text.ToString();
    }

    private static void AppendSyllables(StringBuilder text, AlignedLine line, int shownCs, string tag)
    {
        var cursorCs = shownCs;
        for (var k = 0; k < line.Words.Count; k++)
        {
            var word = line.Words[k];
            var startCs = Math.Max(cursorCs, TimeText.Centiseconds(word.StartMs));
            var endCs = Math.Max(startCs, TimeText.Centiseconds(word.EndMs));
            if (startCs > cursorCs)
            {
                text.Append(TimeText.Invariant($"{{\\k{startCs - cursorCs}}}"));
            }

            text.Append(TimeText.Invariant($"{{\\{tag}{endCs - startCs}}}")).Append(Clean(word.Word));
            if (k + 1 < line.Words.Count)
            {
                text.Append(' ');
            }

            cursorCs = endCs;
        }
    }

    // Braces open override blocks and a backslash starts a tag; lyrics never need them.
    private static string Clean(string value) =>
        value.Trim().Replace('{', '(').Replace('}', ')').Replace('\\', '/').Replace('\r', ' ').Replace('\n', ' ');
}

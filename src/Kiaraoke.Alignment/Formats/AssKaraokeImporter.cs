using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Formats;

/// <summary>
/// Reads ASS karaoke back into timed lines: every <c>Dialogue</c> of the <c>[Events]</c> section (columns found from its
/// <c>Format:</c> line) is a lyric line, its <c>\k</c> / <c>\kf</c> / <c>\K</c> / <c>\ko</c> syllables are timed from the
/// Dialogue's start. Syllables join into words at white space (so Aegisub's split syllables come back as one word);
/// syllables with no text are pauses. Other override tags are ignored. A Dialogue without karaoke tags is an error.
/// </summary>
public static partial class AssKaraokeImporter
{
    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex OverrideBlock();

    [GeneratedRegex(@"\\(?:kf|ko|k|K)(\d+)")]
    private static partial Regex KaraokeTag();

    [GeneratedRegex(@"^(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d{1,3}))?$")]
    private static partial Regex AssTime();

    public static KaraokeTimeline Read(string text)
    {
        string[]? columns = null;
        string? title = null;
        var section = string.Empty;
        var lines = new List<AlignedLine>();
        var lineNumber = 0;
        foreach (var raw in text.TrimStart('\uFEFF').Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('['))
            {
                section = line.Trim();
                continue;
            }

            if (section.Equals("[Script Info]", StringComparison.OrdinalIgnoreCase) && line.StartsWith("Title:", StringComparison.OrdinalIgnoreCase))
            {
                title = line[6..].Trim();
            }

            if (!section.Equals("[Events]", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (line.StartsWith("Format:", StringComparison.OrdinalIgnoreCase))
            {
                columns = line[7..].Split(',').Select(c => c.Trim()).ToArray();
            }
            else if (line.StartsWith("Dialogue:", StringComparison.OrdinalIgnoreCase))
            {
                if (columns is null)
                {
                    throw new KaraokeFormatException($"ASS line {lineNumber}: a Dialogue comes before the [Events] Format: line.");
                }

                lines.Add(ReadDialogue(line[9..].TrimStart(), columns, lineNumber));
            }
        }

        if (lines.Count == 0)
        {
            throw new KaraokeFormatException("The ASS file has no Dialogue lines in an [Events] section.");
        }

        return new KaraokeTimeline(lines.OrderBy(l => l.StartMs).ToArray(), Title: title);
    }

    private static AlignedLine ReadDialogue(string fields, string[] columns, int lineNumber)
    {
        var values = fields.Split(',', columns.Length);
        if (values.Length < columns.Length)
        {
            throw new KaraokeFormatException($"ASS line {lineNumber}: the Dialogue has {values.Length} fields, the Format line names {columns.Length}.");
        }

        var startMs = ParseTime(Column(values, columns, "Start", lineNumber), lineNumber);
        var body = Column(values, columns, "Text", lineNumber);

        var words = new List<AlignedWord>();
        var cursorMs = startMs;
        var pending = new StringBuilder();
        int? wordStart = null;
        var wordEnd = 0;
        var position = 0;
        var sawKaraoke = false;
        int? syllableStart = null;
        var syllableEnd = 0;

        void Flush()
        {
            var word = pending.ToString().Trim();
            if (word.Length > 0 && wordStart is { } s)
            {
                words.Add(new AlignedWord(word, s, wordEnd, 1.0));
            }

            pending.Clear();
            wordStart = null;
        }

        void AddText(string segment)
        {
            segment = segment.Replace("\\N", " ").Replace("\\n", " ").Replace("\\h", " ");
            foreach (var c in segment)
            {
                if (char.IsWhiteSpace(c))
                {
                    Flush();
                }
                else if (syllableStart is { } s)
                {
                    wordStart ??= s;
                    wordEnd = syllableEnd;
                    pending.Append(c);
                }
            }
        }

        foreach (Match block in OverrideBlock().Matches(body))
        {
            AddText(body[position..block.Index]);
            position = block.Index + block.Length;
            foreach (Match tag in KaraokeTag().Matches(block.Groups[1].Value))
            {
                sawKaraoke = true;
                var cs = int.Parse(tag.Groups[1].Value, CultureInfo.InvariantCulture);
                syllableStart = cursorMs;
                cursorMs += cs * 10;
                syllableEnd = cursorMs;
            }
        }

        AddText(body[position..]);
        Flush();
        if (!sawKaraoke || words.Count == 0)
        {
            throw new KaraokeFormatException($"ASS line {lineNumber}: the Dialogue has no karaoke (\\k) syllables with text, so its words have no times.");
        }

        return new AlignedLine(words[0].StartMs, words[^1].EndMs, string.Join(' ', words.Select(w => w.Word)), words);
    }

    private static string Column(string[] values, string[] columns, string name, int lineNumber)
    {
        var index = Array.FindIndex(columns, c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
        return index < 0
            ? throw new KaraokeFormatException($"ASS line {lineNumber}: the [Events] Format line has no '{name}' column.")
            : values[index];
    }

    private static int ParseTime(string value, int lineNumber)
    {
        var m = AssTime().Match(value.Trim());
        if (!m.Success)
        {
            throw new KaraokeFormatException($"ASS line {lineNumber}: '{value}' is not a time (H:MM:SS.cc).");
        }

        var fraction = m.Groups[4].Success ? m.Groups[4].Value.PadRight(3, '0') : "000";
        return (((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 60) + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) * 60
                + int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)) * 1000
               + int.Parse(fraction, CultureInfo.InvariantCulture);
    }
}

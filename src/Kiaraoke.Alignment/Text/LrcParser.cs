using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiaraoke.Alignment.Text;

/// <summary>
/// LRC and Enhanced LRC (A2). Handles several time tags on one line (a repeated chorus), <c>[offset:±ms]</c>
/// (positive = lyrics shown earlier), metadata tags, empty tagged lines that end the previous line, and
/// <c>&lt;mm:ss.xx&gt;</c> word tags.
/// </summary>
public static partial class LrcParser
{
    [GeneratedRegex(@"^\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]")]
    private static partial Regex LineTimeTag();

    [GeneratedRegex(@"^\[([A-Za-z#][A-Za-z0-9#_ -]*):([^\]]*)\]")]
    private static partial Regex MetadataTag();

    [GeneratedRegex(@"<(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?>")]
    private static partial Regex WordTimeTag();

    [GeneratedRegex(@"^\[\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?\]", RegexOptions.Multiline)]
    private static partial Regex AnyLineTimeTag();

    /// <summary>True when the text looks like an LRC file (at least one line starts with a time tag).</summary>
    public static bool LooksLikeLrc(string text) => AnyLineTimeTag().IsMatch(text);

    public static Lyrics Parse(string text)
    {
        var entries = new List<Entry>();
        var offsetMs = 0;
        var paragraph = 0;
        var sawContent = false;
        var order = 0;
        var lineNumber = 0;
        foreach (var rawLine in PlainLyricsParser.SplitLines(text))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                if (sawContent)
                {
                    paragraph++;
                    sawContent = false;
                }

                continue;
            }

            var times = new List<int>();
            while (true)
            {
                var time = LineTimeTag().Match(line);
                if (time.Success)
                {
                    times.Add(ToMs(time, lineNumber));
                    line = line[time.Length..].TrimStart();
                    continue;
                }

                var meta = MetadataTag().Match(line);
                if (meta.Success)
                {
                    if (meta.Groups[1].Value.Equals("offset", StringComparison.OrdinalIgnoreCase))
                    {
                        offsetMs = ParseOffset(meta.Groups[2].Value, lineNumber);
                    }

                    line = line[meta.Length..].TrimStart();
                    continue;
                }

                break;
            }

            // Unsung markers go, except on an Enhanced-LRC line: there every word was timed on purpose (a karaoke
            // file read back as a correction keeps each word it was written with).
            var (words, trailingTagMs) = ParseWords(WordTimeTag().IsMatch(line) ? line : UnsungMarkers.Strip(line), lineNumber);
            if (times.Count == 0)
            {
                if (words.Count > 0)
                {
                    entries.Add(new Entry(null, words, trailingTagMs, paragraph, order++));
                    sawContent = true;
                }

                continue;
            }

            foreach (var t in times)
            {
                entries.Add(new Entry(t, words, trailingTagMs, paragraph, order++));
            }

            if (words.Count > 0)
            {
                sawContent = true;
            }
        }

        return LyricsValidation.RequireWords(Build(entries, offsetMs));
    }

    private static Lyrics Build(List<Entry> entries, int offsetMs)
    {
        // Timed lines go in time order (a repeated chorus [00:10][01:20]text is sung at each of its times). A line
        // without a tag (a credit, a label the marker rules did not catch) stays after the timed line it follows in
        // the file, without a time of its own, so it neither hides the other lines' times nor takes one of theirs.
        var ordered = new List<Entry>(entries.Count);
        var keys = new List<(int TimeMs, int Order)>(entries.Count);
        var lastTimeMs = -1;
        foreach (var entry in entries)
        {
            if (entry.TimeMs is { } t)
            {
                lastTimeMs = t;
            }
            else if (entry.Words.Count == 0)
            {
                continue;
            }

            ordered.Add(entry);
            keys.Add((entry.TimeMs ?? lastTimeMs, entry.Order));
        }

        ordered = ordered.Zip(keys).OrderBy(p => p.Second.TimeMs).ThenBy(p => p.Second.Order).Select(p => p.First).ToList();

        var lines = new List<LyricLine>();
        var paragraph = -1;
        var lastSourceParagraph = -1;
        for (var i = 0; i < ordered.Count; i++)
        {
            var entry = ordered[i];
            if (entry.Words.Count == 0)
            {
                continue; // An empty tagged line only marks where the previous line ends.
            }

            if (entry.Paragraph != lastSourceParagraph)
            {
                paragraph++;
                lastSourceParagraph = entry.Paragraph;
            }

            int? start = entry.TimeMs is { } s ? Shift(s, offsetMs) : null;
            int? end = null;
            if (start is not null && ordered.Skip(i + 1).FirstOrDefault(e => e.TimeMs is not null) is { TimeMs: { } next })
            {
                end = Shift(next, offsetMs);
            }

            if (entry.TrailingTagMs is { } trailing)
            {
                var shifted = Shift(trailing, offsetMs);
                end = end is null ? shifted : Math.Min(end.Value, shifted);
            }

            if (start is not null && end is not null && end <= start)
            {
                end = null; // Two lines at one time stamp: the end is unknown, not negative.
            }

            var words = entry.Words
                .Select(w => w with { TaggedStartMs = w.TaggedStartMs is { } t ? Shift(t, offsetMs) : null })
                .ToArray();
            lines.Add(new LyricLine(words, paragraph, start, end));
        }

        return new Lyrics(lines);
    }

    private static (IReadOnlyList<LyricWord> Words, int? TrailingTagMs) ParseWords(string content, int lineNumber)
    {
        var words = new List<LyricWord>();
        int? pendingTag = null;
        var position = 0;
        foreach (Match tag in WordTimeTag().Matches(content))
        {
            AddWords(content[position..tag.Index], ref pendingTag, words);
            pendingTag = ToMs(tag, lineNumber);
            position = tag.Index + tag.Length;
        }

        AddWords(content[position..], ref pendingTag, words);
        return (words, pendingTag);
    }

    private static void AddWords(string segment, ref int? pendingTag, List<LyricWord> words)
    {
        foreach (var word in WordSplitter.Split(segment))
        {
            words.Add(new LyricWord(word, pendingTag));
            pendingTag = null;
        }
    }

    private static int ToMs(Match m, int lineNumber)
    {
        var minutes = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var seconds = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (seconds >= 60)
        {
            throw new LyricsFormatException($"LRC line {lineNumber}: time tag '{m.Value}' has {seconds} seconds (must be below 60).");
        }

        var fraction = m.Groups[3].Success ? m.Groups[3].Value : string.Empty;
        var ms = fraction.Length switch
        {
            0 => 0,
            1 => int.Parse(fraction, CultureInfo.InvariantCulture) * 100,
            2 => int.Parse(fraction, CultureInfo.InvariantCulture) * 10,
            _ => int.Parse(fraction, CultureInfo.InvariantCulture),
        };
        return (((minutes * 60) + seconds) * 1000) + ms;
    }

    private static int ParseOffset(string value, int lineNumber) =>
        int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
            ? ms
            : throw new LyricsFormatException($"LRC line {lineNumber}: [offset:{value}] is not a whole number of milliseconds.");

    // LRC convention: a positive offset makes the lyrics appear sooner.
    private static int Shift(int timeMs, int offsetMs) => Math.Max(0, timeMs - offsetMs);

    private sealed record Entry(int? TimeMs, IReadOnlyList<LyricWord> Words, int? TrailingTagMs, int Paragraph, int Order);
}

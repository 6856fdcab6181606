using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Formats;

/// <summary>
/// Reads word-timed TTML (ours, Apple Music's, AMLL's) back into timed lines: each <c>p</c> is a line, each timed
/// <c>span</c> in it a word (background-vocal and translation spans, <c>ttm:role</c>, are skipped). Times may be
/// <c>s.fff</c>, <c>m:ss.fff</c>, <c>h:mm:ss.fff</c> or TTML's <c>12.5s</c> / <c>12500ms</c>. DTDs are refused.
/// </summary>
public static class TtmlImporter
{
    public static KaraokeTimeline Read(string text)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new KaraokeFormatException($"The TTML is not well-formed XML: {ex.Message}");
        }

        var tt = TtmlWriter.Tt;
        if (document.Root?.Name != tt + "tt")
        {
            throw new KaraokeFormatException("The root element is not <tt> in the TTML namespace (http://www.w3.org/ns/ttml).");
        }

        var lines = new List<AlignedLine>();
        foreach (var p in document.Root.Descendants(tt + "p"))
        {
            var words = new List<AlignedWord>();
            foreach (var span in p.Elements(tt + "span").Where(s => s.Attribute(TtmlWriter.Ttm + "role") is null))
            {
                var word = span.Value.Trim();
                if (word.Length == 0)
                {
                    continue;
                }

                var begin = Time(span, "begin");
                var end = Time(span, "end");
                words.Add(new AlignedWord(word, begin, end, 1.0));
            }

            if (words.Count == 0)
            {
                throw new KaraokeFormatException($"The TTML line '{Shorten(p.Value)}' has no timed <span> words (itunes:timing=\"Word\" is needed for a correction).");
            }

            lines.Add(new AlignedLine(words[0].StartMs, words[^1].EndMs, string.Join(' ', words.Select(w => w.Word)), words));
        }

        if (lines.Count == 0)
        {
            throw new KaraokeFormatException("The TTML has no <p> lines.");
        }

        var meta = document.Root.Descendants(TtmlWriter.Amll + "meta").ToDictionary(m => (string?)m.Attribute("key") ?? string.Empty, m => (string?)m.Attribute("value"));
        return new KaraokeTimeline(
            lines,
            Title: meta.GetValueOrDefault("musicName"),
            Artist: meta.GetValueOrDefault("artists"),
            Language: (string?)document.Root.Attribute(XNamespace.Xml + "lang"));
    }

    /// <summary>Parses a TTML / Apple time expression to whole milliseconds (rounded).</summary>
    public static int ParseTime(string value)
    {
        var v = value.Trim();
        double seconds;
        if (v.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(v[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
        {
            seconds = ms / 1000;
        }
        else if (v.EndsWith('s') && double.TryParse(v[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
        {
            seconds = s;
        }
        else
        {
            var parts = v.Split(':');
            if (parts.Length > 3 || !double.TryParse(parts[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
            {
                throw new KaraokeFormatException($"'{value}' is not a TTML time.");
            }

            var multiplier = 60;
            for (var i = parts.Length - 2; i >= 0; i--, multiplier *= 60)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var unit))
                {
                    throw new KaraokeFormatException($"'{value}' is not a TTML time.");
                }

                seconds += unit * multiplier;
            }
        }

        return (int)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
    }

    private static int Time(XElement span, string attribute) =>
        span.Attribute(attribute) is { } a
            ? ParseTime(a.Value)
            : throw new KaraokeFormatException($"The TTML word '{span.Value.Trim()}' has no {attribute} time.");

    private static string Shorten(string value) => value.Length <= 40 ? value.Trim() : value[..40].Trim() + "…";
}

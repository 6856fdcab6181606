using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Kiaraoke.Alignment.Formats;

/// <summary>
/// TTML with word timing the way Apple Music and AMLL (applemusic-like-lyrics) read it: <c>itunes:timing="Word"</c> on
/// <c>tt</c>, the song length on <c>body dur</c>, one <c>div</c> per run of lines, one <c>p</c> per line
/// (<c>ttm:agent="v1"</c>, <c>itunes:key="L1"</c>…), one <c>span</c> per word with its own begin and end, a plain space
/// between spans, times as <c>s.fff</c> / <c>m:ss.fff</c> / <c>h:mm:ss.fff</c>. AMLL's <c>amll:meta</c> carries the
/// title, artist and (when given) the Spotify id, the key the AMLL TTML database uses.
/// </summary>
public static class TtmlWriter
{
    public static readonly XNamespace Tt = "http://www.w3.org/ns/ttml";
    public static readonly XNamespace Ttm = "http://www.w3.org/ns/ttml#metadata";
    public static readonly XNamespace Itunes = "http://music.apple.com/lyric-ttml-internal";
    public static readonly XNamespace Amll = "http://www.example.com/ns/amll";

    /// <summary>A pause this long between lines starts a new <c>div</c> (a new section, as Apple groups verses).</summary>
    public const int SectionPauseMs = 4000;

    public static string Write(KaraokeTimeline timeline, string? spotifyTrackId = null)
    {
        var metadata = new XElement(Tt + "metadata", new XElement(Ttm + "agent", new XAttribute("type", "person"), new XAttribute(XNamespace.Xml + "id", "v1")));
        AddMeta(metadata, "musicName", timeline.Title);
        AddMeta(metadata, "artists", timeline.Artist);
        AddMeta(metadata, "spotifyId", spotifyTrackId);

        var body = new XElement(Tt + "body", new XAttribute("dur", TimeText.Ttml(timeline.EndMs)));
        XElement? div = null;
        for (var i = 0; i < timeline.Lines.Count; i++)
        {
            var line = timeline.Lines[i];
            if (div is null || line.StartMs - timeline.Lines[i - 1].EndMs >= SectionPauseMs)
            {
                div = new XElement(Tt + "div", new XAttribute("begin", TimeText.Ttml(line.StartMs)));
                body.Add(div);
            }

            var p = new XElement(
                Tt + "p",
                new XAttribute("begin", TimeText.Ttml(line.StartMs)),
                new XAttribute("end", TimeText.Ttml(line.EndMs)),
                new XAttribute(Ttm + "agent", "v1"),
                new XAttribute(Itunes + "key", "L" + (i + 1)));
            for (var k = 0; k < line.Words.Count; k++)
            {
                if (k > 0)
                {
                    p.Add(new XText(" "));
                }

                var word = line.Words[k];
                p.Add(new XElement(Tt + "span", new XAttribute("begin", TimeText.Ttml(word.StartMs)), new XAttribute("end", TimeText.Ttml(word.EndMs)), word.Word.Trim()));
            }

            div.Add(p);
            div.SetAttributeValue("end", TimeText.Ttml(line.EndMs));
        }

        var tt = new XElement(
            Tt + "tt",
            new XAttribute(XNamespace.Xmlns + "ttm", Ttm),
            new XAttribute(XNamespace.Xmlns + "itunes", Itunes),
            new XAttribute(XNamespace.Xmlns + "amll", Amll),
            new XAttribute(Itunes + "timing", "Word"),
            new XElement(Tt + "head", metadata),
            body);
        if (!string.IsNullOrWhiteSpace(timeline.Language))
        {
            tt.Add(new XAttribute(XNamespace.Xml + "lang", timeline.Language.Trim()));
        }

        // Not indented: indentation would put whitespace inside p before the first word, which readers take as text.
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), tt).Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void AddMeta(XElement metadata, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            metadata.Add(new XElement(Amll + "meta", new XAttribute("key", key), new XAttribute("value", value.Trim())));
        }
    }
}

using System.Xml.Linq;
using Kiaraoke.Alignment.Formats;

namespace Kiaraoke.Alignment.Tests.Formats;

public sealed class TtmlTests
{
    private static readonly XNamespace Tt = "http://www.w3.org/ns/ttml";
    private static readonly XNamespace Ttm = "http://www.w3.org/ns/ttml#metadata";
    private static readonly XNamespace Itunes = "http://music.apple.com/lyric-ttml-internal";
    private static readonly XNamespace Amll = "http://www.example.com/ns/amll";

    [Fact]
    public void Has_the_structure_Apple_Music_and_AMLL_read()
    {
        var xml = TtmlWriter.Write(Timelines.BonjourToi, spotifyTrackId: "4uLU6hMCjMI75M1A2tKUQC");
        var tt = XDocument.Parse(xml, LoadOptions.PreserveWhitespace).Root!;

        Assert.Equal(Tt + "tt", tt.Name);
        Assert.Equal("Word", (string?)tt.Attribute(Itunes + "timing"));
        Assert.Equal("fr", (string?)tt.Attribute(XNamespace.Xml + "lang"));
        var agent = tt.Element(Tt + "head")!.Element(Tt + "metadata")!.Element(Ttm + "agent")!;
        Assert.Equal("v1", (string?)agent.Attribute(XNamespace.Xml + "id"));
        var meta = tt.Descendants(Amll + "meta").ToDictionary(m => (string)m.Attribute("key")!, m => (string)m.Attribute("value")!);
        Assert.Equal("Salut", meta["musicName"]);
        Assert.Equal("Le Nez Tordu", meta["artists"]);
        Assert.Equal("4uLU6hMCjMI75M1A2tKUQC", meta["spotifyId"]);

        var body = tt.Element(Tt + "body")!;
        Assert.Equal("15.000", (string?)body.Attribute("dur"));
        var p = body.Element(Tt + "div")!.Element(Tt + "p")!;
        Assert.Equal(("12.000", "13.200", "v1", "L1"), ((string)p.Attribute("begin")!, (string)p.Attribute("end")!, (string)p.Attribute(Ttm + "agent")!, (string)p.Attribute(Itunes + "key")!));

        // The line's content is exactly: span, one space, span (AMLL joins the text nodes; nothing before the first word).
        var nodes = p.Nodes().ToArray();
        Assert.Equal(3, nodes.Length);
        Assert.Equal(" ", ((XText)nodes[1]).Value);
        var spans = p.Elements(Tt + "span").Select(s => ((string)s.Attribute("begin")!, (string)s.Attribute("end")!, s.Value)).ToArray();
        Assert.Equal([("12.000", "12.480", "Bonjour"), ("12.520", "13.200", "toi")], spans);
    }

    [Theory]
    [InlineData(0, "0.000")]
    [InlineData(59_999, "59.999")]
    [InlineData(60_000, "1:00.000")]
    [InlineData(3_599_999, "59:59.999")]
    [InlineData(3_723_004, "1:02:03.004")]
    public void Times_use_Apples_shortest_clock_form_and_read_back(int ms, string text)
    {
        var line = Timelines.Line(("x", ms, ms + 1, 1));
        var xml = XDocument.Parse(TtmlWriter.Write(new KaraokeTimeline([line])));
        Assert.Equal(text, (string?)xml.Descendants(Tt + "span").Single().Attribute("begin"));
        Assert.Equal(ms, TtmlImporter.ParseTime(text));
    }

    [Theory]
    [InlineData("12.5s", 12_500)]
    [InlineData("12500ms", 12_500)]
    [InlineData("00:01:02.345", 62_345)]
    public void Importer_reads_other_TTML_time_forms(string text, int ms) => Assert.Equal(ms, TtmlImporter.ParseTime(text));

    [Theory]
    [InlineData(51)]
    [InlineData(52)]
    public void Importer_reads_our_export_back_exactly(int seed)
    {
        var timeline = Timelines.Random(seed, startMs: 3_590_000);
        var back = TtmlImporter.Read(TtmlWriter.Write(timeline));

        Assert.Equal(
            timeline.Lines.Select(l => (l.StartMs, l.EndMs, l.Text)),
            back.Lines.Select(l => (l.StartMs, l.EndMs, l.Text)));
        Assert.Equal(timeline.Words.Select(w => (w.Word, w.StartMs, w.EndMs)), back.Words.Select(w => (w.Word, w.StartMs, w.EndMs)));
        Assert.Equal(timeline.Title, back.Title);
    }

    [Fact]
    public void Long_pauses_start_a_new_section()
    {
        var timeline = new KaraokeTimeline([
            Timelines.Line(("un", 1_000, 2_000, 1)),
            Timelines.Line(("deux", 2_500, 3_000, 1)),
            Timelines.Line(("trois", 3_000 + TtmlWriter.SectionPauseMs, 8_000 + TtmlWriter.SectionPauseMs, 1)),
        ]);
        var divs = XDocument.Parse(TtmlWriter.Write(timeline)).Descendants(Tt + "div").ToArray();
        Assert.Equal([2, 1], divs.Select(d => d.Elements(Tt + "p").Count()));
        Assert.Equal("3.000", (string?)divs[0].Attribute("end"));
    }

    [Fact]
    public void Importer_refuses_a_document_type_definition()
    {
        const string xml = "<?xml version=\"1.0\"?><!DOCTYPE tt [<!ENTITY x \"boom\">]><tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div><p><span begin=\"1.0\" end=\"2.0\">&x;</span></p></div></body></tt>";
        Assert.Throws<KaraokeFormatException>(() => TtmlImporter.Read(xml));
    }
}

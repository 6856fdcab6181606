using Kiaraoke.Alignment.Formats;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Formats;

public sealed class EnhancedLrcTests
{
    [Fact]
    public void Writes_line_and_word_tags_with_the_line_end_after_the_last_word()
    {
        var lrc = EnhancedLrcWriter.Write(Timelines.BonjourToi);

        Assert.Equal(
            "[ti:Salut]\n[ar:Le Nez Tordu]\n[la:fr]\n[length:00:15]\n[re:Kiaraoke.AlignApi]\n" +
            "[00:12.00]<00:12.00>Bonjour <00:12.52>toi <00:13.20>\n[00:13.20]\n",
            lrc);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 750)]
    [InlineData(4, -320)]
    public void LrcParser_reads_back_every_word_start_and_line_span_within_5_ms(int seed, int offsetMs)
    {
        var timeline = Timelines.Random(seed, startMs: 3_217 + Math.Abs(offsetMs));
        var lyrics = LrcParser.Parse(EnhancedLrcWriter.Write(timeline, offsetMs));

        Assert.Equal(timeline.Lines.Count, lyrics.Lines.Count);
        for (var i = 0; i < timeline.Lines.Count; i++)
        {
            var expected = timeline.Lines[i];
            var actual = lyrics.Lines[i];
            Assert.Equal(expected.Words.Select(w => w.Word), actual.Words.Select(w => w.Text));
            Assert.InRange(actual.StartMs!.Value - expected.StartMs, -5, 5);
            Assert.InRange(actual.EndMs!.Value - expected.EndMs, -5, 5);
            for (var k = 0; k < expected.Words.Count; k++)
            {
                Assert.InRange(actual.Words[k].TaggedStartMs!.Value - expected.Words[k].StartMs, -5, 5);
            }
        }
    }

    [Fact]
    public void Minutes_past_99_still_read_back()
    {
        var timeline = Timelines.Random(7, lines: 3, startMs: 6_000_123); // 100 minutes in
        var lyrics = LrcParser.Parse(EnhancedLrcWriter.Write(timeline));
        Assert.Equal(Timelines.Centi(timeline.Lines[0].StartMs), lyrics.Lines[0].StartMs);
    }

    [Fact]
    public void Importer_gives_each_word_the_next_words_start_as_its_end()
    {
        var timeline = Timelines.Random(5);
        var back = EnhancedLrcImporter.Read(EnhancedLrcWriter.Write(timeline));

        var expected = timeline.Words.ToArray();
        var lines = timeline.Lines;
        var actual = back.Words.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        var index = 0;
        foreach (var line in lines)
        {
            for (var k = 0; k < line.Words.Count; k++, index++)
            {
                Assert.Equal(expected[index].Word, actual[index].Word);
                Assert.Equal(Timelines.Centi(expected[index].StartMs), actual[index].StartMs);
                var end = k + 1 < line.Words.Count ? line.Words[k + 1].StartMs : line.EndMs;
                Assert.Equal(Timelines.Centi(end), actual[index].EndMs);
                Assert.Equal(1.0, actual[index].Confidence);
            }
        }
    }

    [Fact]
    public void Importer_refuses_an_untagged_word_and_names_it()
    {
        var error = Assert.Throws<KaraokeFormatException>(() => EnhancedLrcImporter.Read("[00:12.00]<00:12.00>Bonjour toi <00:13.20>\n"));
        Assert.Contains("'toi'", error.Message);
    }

    [Fact]
    public void Brackets_in_metadata_or_words_cannot_open_a_tag()
    {
        var timeline = Timelines.BonjourToi with { Title = "Live [2024]", Lines = [Timelines.Line(("<3", 1_000, 2_000, 1))] };
        var lyrics = LrcParser.Parse(EnhancedLrcWriter.Write(timeline));
        Assert.Equal("(3", lyrics.Lines.Single().Text);
    }
}

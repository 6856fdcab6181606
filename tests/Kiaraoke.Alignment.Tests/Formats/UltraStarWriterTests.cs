using Kiaraoke.Alignment.Formats;
using Kiaraoke.Alignment.Formats.UltraStar;

namespace Kiaraoke.Alignment.Tests.Formats;

public sealed class UltraStarWriterTests
{
    [Fact]
    public void Writes_headers_notes_on_a_10_ms_grid_from_the_gap_and_phrase_breaks()
    {
        var timeline = Timelines.BonjourToi with
        {
            Lines = [.. Timelines.BonjourToi.Lines, Timelines.Line(("ça", 14_000, 14_300, 1), ("va", 14_400, 15_000, 1))],
            AudioFileName = "salut.mp3",
        };

        Assert.Equal(
            "#TITLE:Salut\n#ARTIST:Le Nez Tordu\n#LANGUAGE:French\n#MP3:salut.mp3\n#BPM:1500\n#GAP:12000\n#CREATOR:Kiaraoke.AlignApi\n" +
            ": 0 48 0 Bonjour \n: 52 68 0 toi\n- 120\n: 200 30 0 ça \n: 240 60 0 va\nE\n",
            UltraStarWriter.Write(timeline));
    }

    [Theory]
    [InlineData(61, 1500)]
    [InlineData(62, 1500)]
    [InlineData(63, 300)]
    [InlineData(64, 437.5)]
    public void UltraStarReader_reads_back_every_word_within_half_a_beat(int seed, double bpm)
    {
        var timeline = Timelines.Random(seed);
        var song = UltraStarReader.Parse(UltraStarWriter.Write(timeline, bpm));
        var halfBeatMs = 60_000 / (bpm * 4) / 2;

        Assert.Equal(bpm, song.Bpm);
        Assert.Equal(timeline.Lines.Select(l => l.Text), song.Lines.Select(l => l.Text));
        var expected = timeline.Words.ToArray();
        var actual = song.Words.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Word, actual[i].Text);
            // A word shorter than a beat still gets a whole beat, which may push the next word by up to one beat.
            var pushed = i > 0 && expected[i - 1].EndMs - expected[i - 1].StartMs < 4 * halfBeatMs ? 2 * halfBeatMs : 0;
            Assert.InRange(actual[i].StartMs - expected[i].StartMs, -halfBeatMs - 1e-6, halfBeatMs + pushed + 1e-6);
            // A word shorter than a beat still gets one beat, so only longer words keep their end within half a beat.
            if (expected[i].EndMs - expected[i].StartMs >= 2 * halfBeatMs * 2)
            {
                Assert.InRange(actual[i].EndMs - expected[i].EndMs, -halfBeatMs - 1e-6, halfBeatMs + 1e-6);
            }
        }

        // Notes never overlap, and every note lasts at least a beat.
        for (var i = 1; i < song.Notes.Count; i++)
        {
            Assert.True(song.Notes[i].StartBeat >= song.Notes[i - 1].StartBeat + song.Notes[i - 1].LengthBeats);
        }

        Assert.All(song.Notes, n => Assert.True(n.LengthBeats >= 1));
    }

    [Fact]
    public void Importer_returns_contract_valid_lines_with_the_headers()
    {
        var timeline = Timelines.Random(65) with { AudioFileName = "song.ogg" };
        var back = UltraStarImporter.Read(UltraStarWriter.Write(timeline));

        Assert.Equal(timeline.Lines.Count, back.Lines.Count);
        Assert.Equal(timeline.Title, back.Title);
        Assert.Equal("song.ogg", back.AudioFileName);
        Assert.Empty(Kiaraoke.Alignment.Timing.TimingContractValidator.Validate(back.Lines, back.EndMs));
        Assert.All(timeline.Words.Zip(back.Words), p => Assert.InRange(p.Second.StartMs - p.First.StartMs, -5, 15));
    }

    [Fact]
    public void A_broken_file_is_a_format_error_naming_the_line()
    {
        var error = Assert.Throws<KaraokeFormatException>(() => KaraokeImporter.Read(KaraokeFormat.UltraStar, "#BPM:300\n: 0 4 0 la\nnonsense\nE\n"));
        Assert.Contains("line 3", error.Message);
    }
}

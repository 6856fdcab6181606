using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Text;

public sealed class LrcParserTests
{
    [Fact]
    public void Parses_line_times_and_ends_lines_at_the_next_tag()
    {
        var lyrics = LrcParser.Parse("[ar:Le Nez Tordu]\n[ti:de bonne humeur]\n[00:12.00]Bonjour toi\n[00:15.50]Comment ça va ?\n");
        Assert.Equal(2, lyrics.Lines.Count);
        Assert.Equal(12_000, lyrics.Lines[0].StartMs);
        Assert.Equal(15_500, lyrics.Lines[0].EndMs);
        Assert.Equal("Comment ça va ?", lyrics.Lines[1].Text);
        Assert.Null(lyrics.Lines[1].EndMs);
        Assert.True(lyrics.HasLineTimes);
    }

    [Fact]
    public void Several_tags_on_one_line_repeat_it_in_time_order()
    {
        var lyrics = LrcParser.Parse("[00:10.00][01:20.00]Refrain\n[00:20.00]Couplet\n");
        Assert.Equal(["Refrain", "Couplet", "Refrain"], lyrics.Lines.Select(l => l.Text));
        Assert.Equal([10_000, 20_000, 80_000], lyrics.Lines.Select(l => l.StartMs!.Value));
    }

    [Fact]
    public void Positive_offset_shows_lyrics_earlier()
    {
        var lyrics = LrcParser.Parse("[offset:+500]\n[00:10.00]Un\n[00:12.00]Deux\n");
        Assert.Equal(9_500, lyrics.Lines[0].StartMs);
        Assert.Equal(11_500, lyrics.Lines[0].EndMs);
    }

    [Fact]
    public void Negative_offset_shows_lyrics_later()
    {
        var lyrics = LrcParser.Parse("[offset:-250]\n[00:10.00]Un\n");
        Assert.Equal(10_250, lyrics.Lines[0].StartMs);
    }

    [Fact]
    public void Empty_tagged_line_ends_the_previous_line()
    {
        var lyrics = LrcParser.Parse("[00:10.00]Un deux\n[00:13.00]\n[00:20.00]Trois\n");
        Assert.Equal(2, lyrics.Lines.Count);
        Assert.Equal(13_000, lyrics.Lines[0].EndMs);
        Assert.Equal(20_000, lyrics.Lines[1].StartMs);
    }

    [Fact]
    public void Enhanced_word_tags_give_word_starts_and_the_trailing_tag_ends_the_line()
    {
        var lyrics = LrcParser.Parse("[00:12.00]<00:12.00> Bonjour <00:12.52> toi <00:13.20>\n[00:20.00]Suite\n");
        var line = lyrics.Lines[0];
        Assert.Equal(["Bonjour", "toi"], line.Words.Select(w => w.Text));
        Assert.Equal([12_000, 12_520], line.Words.Select(w => w.TaggedStartMs!.Value));
        Assert.Equal(13_200, line.EndMs);
    }

    [Theory]
    [InlineData("[01:02]x", 62_000)]
    [InlineData("[01:02.5]x", 62_500)]
    [InlineData("[01:02.05]x", 62_050)]
    [InlineData("[01:02.005]x", 62_005)]
    [InlineData("[1:02:50]x", 62_500)]
    [InlineData("[100:00.00]x", 6_000_000)]
    public void Accepts_every_time_tag_precision(string text, int expectedMs)
    {
        Assert.Equal(expectedMs, LrcParser.Parse(text).Lines[0].StartMs);
    }

    [Fact]
    public void Seconds_over_59_are_a_precise_error()
    {
        var error = Assert.Throws<LyricsFormatException>(() => LrcParser.Parse("[00:10.00]a\n[00:75.00]b"));
        Assert.Contains("line 2", error.Message);
        Assert.Contains("75 seconds", error.Message);
    }

    [Fact]
    public void Blank_lines_start_paragraphs_and_punctuation_is_kept()
    {
        var lyrics = LrcParser.Parse("[00:01.00]J'vois l'ciel,\n\n[00:05.00]S'capte pas !\n");
        Assert.Equal([0, 1], lyrics.Lines.Select(l => l.Paragraph));
        Assert.Equal(["J'vois", "l'ciel,"], lyrics.Lines[0].Words.Select(w => w.Text));
    }

    [Fact]
    public void A_file_of_metadata_only_has_no_words()
    {
        var error = Assert.Throws<LyricsFormatException>(() => LrcParser.Parse("[ar:x]\n[ti:y]\n"));
        Assert.Contains("no words", error.Message);
    }

    [Fact]
    public void Reader_detects_lrc_and_plain_text()
    {
        Assert.True(LyricsReader.Parse("[00:01.00]Salut").HasLineTimes);
        Assert.False(LyricsReader.Parse("Salut [refrain]").HasLineTimes);
    }

    [Fact]
    public void An_untagged_line_keeps_its_place_without_turning_off_the_other_lines_times_or_the_chorus_repeats()
    {
        var lyrics = LrcParser.Parse("Paroles: X\n[00:10.00][01:20.00]Refrain la la\n[00:20.00]Couplet\nsans tag\n[00:30.00]Suite\n");

        Assert.Equal(["Paroles: X", "Refrain la la", "Couplet", "sans tag", "Suite", "Refrain la la"], lyrics.Lines.Select(l => l.Text));
        Assert.Equal([null, 10_000, 20_000, null, 30_000, 80_000], lyrics.Lines.Select(l => l.StartMs));
        Assert.True(lyrics.HasLineTimes);

        // A timed line ends where the next timed line starts, over the untagged one between them.
        Assert.Equal(30_000, lyrics.Lines[2].EndMs);
        Assert.Equal(30_000, lyrics.LineEndMs(3, 100_000));
    }
}

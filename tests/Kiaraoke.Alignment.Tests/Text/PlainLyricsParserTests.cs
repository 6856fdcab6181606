using System.Text;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Text;

public sealed class PlainLyricsParserTests
{
    [Fact]
    public void Lines_words_and_paragraphs_keep_the_original_spelling()
    {
        var lyrics = PlainLyricsParser.Parse("J’ai le nez tordu,\r\nc'est ça !\n\n\n  Oh-oh-oh... (bis)  \n");
        Assert.Equal(3, lyrics.Lines.Count);
        Assert.Equal([0, 0, 1], lyrics.Lines.Select(l => l.Paragraph));
        Assert.Equal(["J’ai", "le", "nez", "tordu,"], lyrics.Lines[0].Words.Select(w => w.Text));
        Assert.Equal("Oh-oh-oh...", lyrics.Lines[2].Text); // "(bis)" is a repeat mark, not sung
        Assert.False(lyrics.HasLineTimes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n\t\n")]
    public void Empty_lyrics_are_refused(string text)
    {
        var error = Assert.Throws<LyricsFormatException>(() => PlainLyricsParser.Parse(text));
        Assert.Contains("no words", error.Message);
    }

    [Fact]
    public void Non_utf8_bytes_are_refused_with_their_offset()
    {
        var latin1 = Encoding.Latin1.GetBytes("Ça va très bien");
        var error = Assert.Throws<LyricsFormatException>(() => LyricsDecoder.Decode(latin1));
        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Contains("byte offset 0", error.Message);
        Assert.Contains("0xC7", error.Message);
    }

    [Fact]
    public void Utf8_with_bom_and_utf16_decode()
    {
        Assert.Equal("Ça", LyricsDecoder.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("Ça")]));
        Assert.Equal("Ça", LyricsDecoder.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Ça")]));
    }

    [Fact]
    public void Right_to_left_and_cjk_lines_are_split_on_white_space()
    {
        var lyrics = PlainLyricsParser.Parse("שלום עולם\nこんにちは 世界");
        Assert.Equal(["שלום", "עולם"], lyrics.Lines[0].Words.Select(w => w.Text));
        Assert.Equal(["こんにちは", "世界"], lyrics.Lines[1].Words.Select(w => w.Text));
    }
}

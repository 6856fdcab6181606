using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Text;

public sealed class UnsungMarkersTests
{
    [Theory]
    [InlineData("Je t'aime (bis)", "Je t'aime")]
    [InlineData("[Refrain]", "")]
    [InlineData("(Refrain)", "")]
    [InlineData("[Verse 2]", "")]
    [InlineData("Couplet 2 :", "")]
    [InlineData("Chorus:", "")]
    [InlineData("Chorus: la la la", "la la la")]
    [InlineData("[Refrain] on danse", "on danse")]
    [InlineData("Oh oui x2", "Oh oui")]
    [InlineData("Oh oui 2x", "Oh oui")]
    [InlineData("Oh oui ×3", "Oh oui")]
    [InlineData("Oh oui (x2 fois)", "Oh oui")]
    [InlineData("Oh oui (2 fois)", "Oh oui")]
    [InlineData("Otra vez (3 veces)", "Otra vez")]
    [InlineData("Again [x2]", "Again")]
    [InlineData("Estribillo:", "")]
    public void Markers_nobody_sings_are_removed(string line, string expected) =>
        Assert.Equal(expected, UnsungMarkers.Strip(line));

    [Theory]
    [InlineData("(oh oh oh) je reviens")]
    [InlineData("Il a 2 enfants")]
    [InlineData("Le refrain de ma vie")]
    [InlineData("Xavier x")]
    public void Sung_text_stays(string line) => Assert.Equal(line, UnsungMarkers.Strip(line));

    [Fact]
    public void Plain_lyrics_drop_label_lines_and_repeat_marks_before_alignment()
    {
        var lyrics = PlainLyricsParser.Parse("[Refrain]\nOn danse (bis)\nChorus: encore x2\n(x2 fois)\nLa fin");
        Assert.Equal(["On danse", "encore", "La fin"], lyrics.Lines.Select(l => l.Text));
    }

    [Fact]
    public void Lrc_label_lines_hold_no_words_and_keep_every_other_line_anchored()
    {
        var lyrics = LrcParser.Parse("[00:05.00][Refrain]\n[00:10.00]On danse (bis)\n[00:20.00]Encore\n");
        Assert.Equal(["On danse", "Encore"], lyrics.Lines.Select(l => l.Text));
        Assert.Equal([10_000, 20_000], lyrics.Lines.Select(l => l.StartMs!.Value));
    }

    [Fact]
    public void An_enhanced_lrc_line_keeps_every_word_it_times()
    {
        var lyrics = LrcParser.Parse("[00:01.00]<00:01.00>Oui <00:02.00>(x2)<00:03.00>\n");
        Assert.Equal(["Oui", "(x2)"], lyrics.Lines[0].Words.Select(w => w.Text));
    }
}

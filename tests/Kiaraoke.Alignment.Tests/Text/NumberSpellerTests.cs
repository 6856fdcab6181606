using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Tests.Support;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Text;

public sealed class NumberSpellerTests(ToneModelFixture fixture) : IClassFixture<ToneModelFixture>
{
    [Theory]
    [InlineData("99", "fr", "quatre-vingt-dix-neuf")]
    [InlineData("71", "fr", "soixante et onze")]
    [InlineData("80", "fr", "quatre-vingts")]
    [InlineData("21", "fr", "vingt et un")]
    [InlineData("200", "fr", "deux cents")]
    [InlineData("2000", "fr", "deux mille")]
    [InlineData("1er", "fr", "premier")]
    [InlineData("1re", "fr", "première")]
    [InlineData("2e", "fr", "deuxième")]
    [InlineData("5ème", "fr", "cinquième")]
    [InlineData("9e", "fr", "neuvième")]
    [InlineData("2", "es", "dos")]
    [InlineData("16", "es", "dieciséis")]
    [InlineData("31", "es", "treinta y uno")]
    [InlineData("100", "es", "cien")]
    [InlineData("1º", "es", "primero")]
    [InlineData("2", "en", "two")]
    [InlineData("42", "en", "forty-two")]
    [InlineData("1999", "en", "nineteen ninety-nine")]
    [InlineData("2nd", "en", "second")]
    [InlineData("21st", "en", "twenty-first")]
    [InlineData("(99,", "fr", "(quatre-vingt-dix-neuf,")]
    public void Numbers_are_spelled_as_sung(string word, string language, string expected) =>
        Assert.Equal(expected, NumberSpeller.SpellOut(word, language));

    [Theory]
    [InlineData("99", null)]
    [InlineData("99", "de")]
    [InlineData("amour", "fr")]
    [InlineData("4x4", "fr")]
    public void Words_that_are_not_numbers_or_unknown_languages_are_left_alone(string word, string? language) =>
        Assert.Null(NumberSpeller.SpellOut(word, language));

    [Fact]
    public void Spelled_numbers_become_targets_while_the_word_keeps_its_written_form()
    {
        var lyrics = PlainLyricsParser.Parse("J'ai 99 problèmes") with { Language = "fr" };

        var targets = AlignmentTargets.Build(lyrics.Lines, fixture.Model.Vocabulary, StarPlacement.Edges, lyrics.Language);

        Assert.Equal("99", lyrics.Lines[0].Words[1].Text);
        var expected = new string(MmsTextNormalizer.NormalizeWord("quatre-vingt-dix-neuf").Where(c => fixture.Model.Vocabulary.TryGetCharacterId(c, out _)).ToArray());
        Assert.Equal(expected, targets.RomanizedWords[1]);
        Assert.NotEmpty(expected);
    }
}

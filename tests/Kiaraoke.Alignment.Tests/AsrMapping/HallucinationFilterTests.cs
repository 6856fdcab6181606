using Kiaraoke.Alignment.AsrMapping;

namespace Kiaraoke.Alignment.Tests.AsrMapping;

public sealed class HallucinationFilterTests
{
    [Theory]
    [InlineData("...")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("♪")]
    [InlineData("♫")]
    [InlineData("[Musique]")]
    [InlineData("[Music]")]
    [InlineData("[Applause]")]
    [InlineData("(musique)")]
    [InlineData("(Musique)")]
    [InlineData("*")]
    [InlineData("")]
    public void Every_spec_token_is_a_hallucination(string token) => Assert.True(HallucinationFilter.IsHallucination(token));

    [Theory]
    [InlineData(" [MUSIQUE] ")]
    [InlineData("[ music ]")]
    [InlineData("(MUSIQUE)")]
    [InlineData("\u2026")] // the one-character ellipsis Whisper sometimes writes
    [InlineData("♪♪")]
    [InlineData(" ♫ ♪ ")]
    [InlineData(". . .")]
    [InlineData("   ")]
    [InlineData("\u200B")]
    [InlineData(null)]
    public void Variants_in_case_spacing_and_form_are_caught(string? token) => Assert.True(HallucinationFilter.IsHallucination(token));

    [Theory]
    [InlineData("musique")]
    [InlineData("Music")]
    [InlineData("a")]
    [InlineData("Oh...")]
    [InlineData("*NSYNC")]
    [InlineData("1999")]
    public void Real_words_are_kept(string word) => Assert.False(HallucinationFilter.IsHallucination(word));

    [Fact]
    public void The_list_is_the_specs()
    {
        Assert.Equal(12, HallucinationFilter.Words.Count);
        Assert.Contains("[Applause]", HallucinationFilter.Words);
        Assert.Contains(string.Empty, HallucinationFilter.Words);
    }
}

using Kiaraoke.Alignment.AsrMapping;

namespace Kiaraoke.Alignment.Tests.AsrMapping;

public sealed class WhisperPromptTests
{
    [Fact]
    public void Short_lyrics_are_kept_with_white_space_collapsed() =>
        Assert.Equal("Bonjour toi, comment ça va", WhisperPrompt.FromLyrics("Bonjour toi,\r\n\n  comment\tça va\n"));

    [Fact]
    public void Long_lyrics_are_cut_at_a_word_boundary_within_the_limit()
    {
        var lyrics = string.Join('\n', Enumerable.Repeat("une ligne de paroles assez longue", 40));
        var prompt = WhisperPrompt.FromLyrics(lyrics)!;
        Assert.True(prompt.Length <= 500);
        Assert.True(prompt.Length > 450);
        Assert.All(prompt.Split(' '), w => Assert.Contains(w, (string[])["une", "ligne", "de", "paroles", "assez", "longue"]));
        Assert.StartsWith(prompt, string.Join(' ', Enumerable.Repeat("une ligne de paroles assez longue", 40)));
        Assert.DoesNotContain("  ", prompt);
    }

    [Fact]
    public void A_single_huge_word_is_cut_without_splitting_a_surrogate_pair()
    {
        var word = new string('a', 9) + "😀" + "bbbbb"; // the emoji sits across the 10th/11th UTF-16 units
        var prompt = WhisperPrompt.FromLyrics(word, 10)!;
        Assert.Equal(9, prompt.Length);
        Assert.False(char.IsHighSurrogate(prompt[^1]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void No_lyrics_no_prompt(string? lyrics) => Assert.Null(WhisperPrompt.FromLyrics(lyrics));
}

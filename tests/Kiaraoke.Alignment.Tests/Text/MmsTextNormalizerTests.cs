using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Text;

public sealed class MmsTextNormalizerTests
{
    [Theory]
    [InlineData("J’ai", "j'ai")]
    [InlineData("l'ciel,", "l'ciel")]
    [InlineData("qu'elle", "qu'elle")]
    [InlineData("c'est", "c'est")]
    [InlineData("ça!", "sa")]
    [InlineData("garçon", "garson")]
    [InlineData("cœur", "coeur")]
    [InlineData("Éléphant", "elephant")]
    [InlineData("où", "ou")]
    [InlineData("straße", "strasse")]
    [InlineData("über", "ueber")]
    [InlineData("niño", "nino")]
    [InlineData("Oh-oh-oh...", "ohohoh")]
    [InlineData("(bis)", "bis")]
    [InlineData("believin'", "believin'")]
    [InlineData("«Bonjour»", "bonjour")]
    [InlineData("1st", "st")]
    [InlineData("ＡＢＣ", "abc")]
    public void Romanises_like_the_mms_reference(string word, string expected)
    {
        Assert.Equal(expected, MmsTextNormalizer.NormalizeWord(word));
    }

    [Theory]
    [InlineData("(x2)")]
    [InlineData("99")]
    [InlineData("2024")]
    [InlineData("🎤")]
    [InlineData("♪")]
    [InlineData("...")]
    [InlineData("'")]
    [InlineData("‏")]
    public void Words_with_nothing_to_sing_normalise_to_empty(string word)
    {
        Assert.Equal(string.Empty, MmsTextNormalizer.NormalizeWord(word));
    }

    [Theory]
    [InlineData("世界")]
    [InlineData("こんにちは")]
    [InlineData("שלום")]
    [InlineData("مرحبا")]
    [InlineData("Привет")]
    public void Other_scripts_are_transliterated_to_latin_letters(string word)
    {
        var normalized = MmsTextNormalizer.NormalizeWord(word);
        Assert.NotEmpty(normalized);
        Assert.All(normalized, c => Assert.True(c is >= 'a' and <= 'z' or '\'', $"unexpected '{c}' in '{normalized}'"));
    }

    [Fact]
    public void Output_alphabet_is_always_a_to_z_and_apostrophe()
    {
        foreach (var word in new[] { "Ærø", "Łódź", "ĸ", "Ħ", "Þór", "İstanbul", "façade—déjà", "e\u0301" })
        {
            Assert.All(MmsTextNormalizer.NormalizeWord(word), c => Assert.True(c is >= 'a' and <= 'z' or '\''));
        }
    }
}

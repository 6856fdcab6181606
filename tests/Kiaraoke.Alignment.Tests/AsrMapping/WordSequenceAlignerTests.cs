using Kiaraoke.Alignment.AsrMapping;

namespace Kiaraoke.Alignment.Tests.AsrMapping;

public sealed class WordSequenceAlignerTests
{
    private static readonly AsrMappingOptions Options = new();

    [Theory]
    [InlineData("chante", "chante", 1.0)]
    [InlineData("chante", "chantes", 1.0 - (1.0 / 7))]
    [InlineData("amour", "amor", 0.8)]
    [InlineData("", "a", 0.0)]
    [InlineData("a", "", 0.0)]
    public void Similarity_is_one_minus_edit_distance_over_the_longer_length(string a, string b, double expected) =>
        Assert.Equal(expected, SpellingSimilarity.Of(a, b), 12);

    [Fact]
    public void Bounded_similarity_is_zero_when_the_lengths_alone_rule_a_match_out()
    {
        // Lengths 1 and 4: at best 1 − 3/4 = 0.25, under 0.5, so no edit distance is needed.
        Assert.Equal(0.0, SpellingSimilarity.AtLeast("a", "abcd", 0.5));
        Assert.Equal(SpellingSimilarity.Of("amour", "amor"), SpellingSimilarity.AtLeast("amour", "amor", 0.5));
    }

    [Fact]
    public void An_extra_asr_word_is_skipped_between_two_matches()
    {
        var steps = WordSequenceAligner.Align(["bonjour", "monde"], ["bonjour", "euh", "monde"], Options);

        Assert.Equal(
            [new WordStep(WordMove.Match, 0, 0), new WordStep(WordMove.SkipAsr, 0, 1), new WordStep(WordMove.Match, 1, 2)],
            steps);
    }

    [Fact]
    public void A_lyric_word_the_asr_split_in_two_takes_both_pieces()
    {
        // "taime" against "t" + "aime": the pair spells it exactly (cost 0 + split penalty 0.2), cheaper than skipping
        // "t" and matching "aime" at 0.8 (1 + 0.4).
        var steps = WordSequenceAligner.Align(["je", "taime", "encore"], ["je", "t", "aime", "encore"], Options);

        Assert.Equal(
            [new WordStep(WordMove.Match, 0, 0), new WordStep(WordMove.OneToTwo, 1, 2), new WordStep(WordMove.Match, 2, 3)],
            steps);
    }

    [Fact]
    public void Two_lyric_words_the_asr_merged_share_one_asr_word()
    {
        var steps = WordSequenceAligner.Align(["je", "t", "aime"], ["je", "taime"], Options);

        Assert.Equal([new WordStep(WordMove.Match, 0, 0), new WordStep(WordMove.TwoToOne, 2, 1)], steps);
    }

    [Fact]
    public void A_missing_lyric_word_is_skipped()
    {
        var steps = WordSequenceAligner.Align(["oh", "mon", "amour"], ["oh", "amour"], Options);

        Assert.Equal(
            [new WordStep(WordMove.Match, 0, 0), new WordStep(WordMove.SkipLyric, 1, 0), new WordStep(WordMove.Match, 2, 1)],
            steps);
    }
}

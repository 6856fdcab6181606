using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests.Timing;

public sealed class CharacterCountSpreadTests
{
    [Fact]
    public void Words_share_the_window_by_their_letters_and_digits()
    {
        // "a" weighs 1, "très," 4 (the comma does not count), "2" 1 and "?" 1 (at least one): 7 in all over 700 ms.
        var times = CharacterCountSpread.Spread(["a", "très,", "2", "?"], 1_000, 1_700);

        Assert.Equal([(1_000, 1_100), (1_100, 1_500), (1_500, 1_600), (1_600, 1_700)], times);
    }

    [Fact]
    public void Lengths_given_by_the_caller_split_the_window_without_gaps()
    {
        var times = CharacterCountSpread.SpreadByLength([1, 2], 0, 100);

        Assert.Equal([(0, 33), (33, 100)], times);
    }

    [Fact]
    public void An_empty_or_reversed_window_puts_every_word_at_its_start()
    {
        Assert.Equal([(500, 500), (500, 500)], CharacterCountSpread.SpreadByLength([3, 4], 500, 400));
    }
}

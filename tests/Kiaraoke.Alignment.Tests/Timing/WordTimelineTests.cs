using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests.Timing;

public sealed class WordTimelineTests
{
    private static Lyrics Lines(params string[] lines) => PlainLyricsParser.Parse(string.Join('\n', lines));

    [Fact]
    public void Unalignable_words_are_kept_flagged_and_interpolated()
    {
        var lyrics = Lines("un ♪ deux", "99 trois");
        ProvisionalWord[] provisional =
        [
            new(1_000, 1_400, 0.9, WordTimingSource.Acoustic),
            new(null, null, 0, WordTimingSource.Interpolated),
            new(2_000, 2_500, 0.8, WordTimingSource.Acoustic),
            new(null, null, 0, WordTimingSource.Interpolated),
            new(3_000, 3_600, 0.7, WordTimingSource.Acoustic),
        ];

        var lines = WordTimeline.Build(lyrics, provisional, 10_000);

        var words = lines.SelectMany(l => l.Words).ToList();
        Assert.Equal(["un", "♪", "deux", "99", "trois"], words.Select(w => w.Word));
        Assert.Equal((1_400, 2_000), (words[1].StartMs, words[1].EndMs));
        Assert.Equal(0, words[1].Confidence);
        Assert.Equal(WordTimingSource.Interpolated, words[1].Timing);
        // "99" opens its line: a short slot before "trois", not the whole gap back to the line before.
        Assert.Equal((3_000 - WordTimeline.UnalignedSlotMs, 3_000), (words[3].StartMs, words[3].EndMs));
        Assert.Equal(["un ♪ deux", "99 trois"], lines.Select(l => l.Text));
        Assert.Empty(TimingContractValidator.Validate(lines, 10_000));
    }

    [Fact]
    public void Colliding_and_overlapping_times_are_made_valid()
    {
        var lyrics = Lines("a b c d");
        ProvisionalWord[] provisional =
        [
            new(500, 900, 1, WordTimingSource.Acoustic),
            new(500, 700, 1, WordTimingSource.Acoustic),
            new(600, 650, 1, WordTimingSource.Acoustic),
            new(9_999, 12_000, 1, WordTimingSource.Acoustic),
        ];

        var lines = WordTimeline.Build(lyrics, provisional, 10_000);
        Assert.Empty(TimingContractValidator.Validate(lines, 10_000));
        Assert.Equal(10_000, lines[0].Words[^1].EndMs);
    }

    [Fact]
    public void A_song_of_only_unalignable_words_still_gets_a_valid_timeline()
    {
        var lyrics = Lines("99 ♪", "🎤");
        var provisional = Enumerable.Repeat(new ProvisionalWord(null, null, 0, WordTimingSource.Interpolated), 3).ToArray();
        var lines = WordTimeline.Build(lyrics, provisional, 3_000);
        Assert.Empty(TimingContractValidator.Validate(lines, 3_000));
        Assert.Equal([0, 300, 600], lines.SelectMany(l => l.Words).Select(w => w.StartMs));
    }

    [Fact]
    public void An_unsung_word_ending_a_line_before_a_long_break_stays_short()
    {
        var lyrics = Lines("oh oui ♪", "la suite");
        ProvisionalWord[] provisional =
        [
            new(1_000, 1_300, 0.9, WordTimingSource.Acoustic),
            new(1_300, 1_800, 0.9, WordTimingSource.Acoustic),
            new(null, null, 0, WordTimingSource.Interpolated),
            new(17_000, 17_400, 0.8, WordTimingSource.Acoustic),
            new(17_400, 18_000, 0.8, WordTimingSource.Acoustic),
        ];

        var lines = WordTimeline.Build(lyrics, provisional, 20_000);

        var unsung = lines[0].Words[2];
        Assert.Equal((1_800, 1_800 + WordTimeline.UnalignedSlotMs), (unsung.StartMs, unsung.EndMs));
        Assert.True(lines[0].EndMs <= 2_100, $"line 1 ends at {lines[0].EndMs} ms, inside the 15 s break");
    }

    [Fact]
    public void Interpolation_never_takes_time_from_the_next_line()
    {
        var lyrics = Lines("un deux", "♪ trois");
        ProvisionalWord[] provisional =
        [
            new(1_000, 1_300, 0.9, WordTimingSource.Acoustic),
            new(1_300, 1_600, 0.9, WordTimingSource.Acoustic),
            new(null, null, 0, WordTimingSource.Interpolated),
            new(9_000, 9_500, 0.8, WordTimingSource.Acoustic),
        ];

        var words = WordTimeline.Build(lyrics, provisional, 10_000).SelectMany(l => l.Words).ToList();

        Assert.Equal((8_700, 9_000), (words[2].StartMs, words[2].EndMs));
    }
}

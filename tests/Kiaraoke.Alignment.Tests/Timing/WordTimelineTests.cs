using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests.Timing;

public sealed class WordTimelineTests
{
    private static Lyrics Lines(params string[] lines) => PlainLyricsParser.Parse(string.Join('\n', lines));

    [Fact]
    public void Unalignable_words_are_kept_flagged_and_interpolated()
    {
        var lyrics = Lines("un (x2) deux", "99 trois");
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
        Assert.Equal(["un", "(x2)", "deux", "99", "trois"], words.Select(w => w.Word));
        Assert.Equal((1_400, 2_000), (words[1].StartMs, words[1].EndMs));
        Assert.Equal(0, words[1].Confidence);
        Assert.Equal(WordTimingSource.Interpolated, words[1].Timing);
        Assert.Equal((2_500, 3_000), (words[3].StartMs, words[3].EndMs));
        Assert.Equal(["un (x2) deux", "99 trois"], lines.Select(l => l.Text));
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
        var lyrics = Lines("99 (x2)", "🎤");
        var provisional = Enumerable.Repeat(new ProvisionalWord(null, null, 0, WordTimingSource.Interpolated), 3).ToArray();
        var lines = WordTimeline.Build(lyrics, provisional, 3_000);
        Assert.Empty(TimingContractValidator.Validate(lines, 3_000));
        Assert.Equal([0, 1_000, 2_000], lines.SelectMany(l => l.Words).Select(w => w.StartMs));
    }
}

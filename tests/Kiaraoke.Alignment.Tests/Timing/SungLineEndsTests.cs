using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests.Timing;

public sealed class SungLineEndsTests
{
    private static LyricLine Line(int? startMs, int? endMs, params string[] words) =>
        new(words.Select(w => new LyricWord(w)).ToArray(), Paragraph: 0, startMs, endMs);

    private static ProvisionalWord Placed(int startMs, int endMs) => new(startMs, endMs, 0.8, WordTimingSource.Acoustic);

    [Fact]
    public void A_held_last_word_ends_at_its_lines_sung_end()
    {
        // Two lines with real ends (an UltraStar or ASS import): the path ended "t'aime" at its spike, 1.2 s early.
        var lyrics = new Lyrics([Line(1_000, 4_000, "je", "t'aime"), Line(8_000, 10_000, "encore")]);
        ProvisionalWord[] words = [Placed(1_000, 1_500), Placed(2_000, 2_800), Placed(8_050, 8_600)];

        var moved = SungLineEnds.Apply(lyrics, words, minimumWordMs: 20);

        Assert.Equal(1_500, moved[0].EndMs);
        Assert.Equal((2_000, 4_000), (moved[1].StartMs, moved[1].EndMs));
        Assert.Equal((8_050, 10_000), (moved[2].StartMs, moved[2].EndMs));
        Assert.Equal(words[1].Confidence, moved[1].Confidence);
    }

    [Fact]
    public void A_word_that_ran_past_its_lines_end_is_cut_there_but_keeps_a_frame()
    {
        var lyrics = new Lyrics([Line(1_000, 2_000, "long"), Line(5_000, 6_000, "late")]);
        ProvisionalWord[] words = [Placed(1_200, 3_000), Placed(6_500, 7_000)];

        var moved = SungLineEnds.Apply(lyrics, words, minimumWordMs: 20);

        Assert.Equal(2_000, moved[0].EndMs);
        Assert.Equal((6_500, 6_520), (moved[1].StartMs, moved[1].EndMs));
    }

    [Fact]
    public void The_end_never_passes_the_next_placed_word()
    {
        // The next line's first word was placed before that line's time (the path may: windows have a margin).
        var lyrics = new Lyrics([Line(1_000, 4_000, "moi"), Line(4_200, 6_000, "toi")]);
        ProvisionalWord[] words = [Placed(1_000, 1_400), Placed(3_500, 4_200)];

        var moved = SungLineEnds.Apply(lyrics, words, minimumWordMs: 20);

        Assert.Equal(3_500, moved[0].EndMs);
    }

    [Fact]
    public void An_end_that_runs_past_the_next_lines_start_is_not_a_sung_end()
    {
        // Overlapping line times (a sloppy annotation): the span is rough, the path's own end stays.
        var lyrics = new Lyrics([Line(1_000, 4_000, "moi"), Line(3_400, 6_000, "toi")]);
        ProvisionalWord[] words = [Placed(1_000, 1_400), Placed(3_500, 4_200)];

        var moved = SungLineEnds.Apply(lyrics, words, minimumWordMs: 20);

        Assert.Equal(1_400, moved[0].EndMs);
        Assert.Equal(6_000, moved[1].EndMs);
    }

    [Fact]
    public void Lrc_lines_that_only_run_to_the_next_start_are_left_alone()
    {
        // What an LRC gives: each line ends where the next begins; and the last line's made-up start + 5 s.
        var lyrics = new Lyrics([Line(1_000, 8_000, "un", "deux"), Line(8_000, 13_000, "trois")]);
        ProvisionalWord[] words = [Placed(1_000, 1_300), Placed(1_500, 2_000), Placed(8_100, 8_500)];

        var moved = SungLineEnds.Apply(lyrics, words, minimumWordMs: 20);

        Assert.Equal(words, moved);
        Assert.Null(lyrics.SungEndMs(0));
        Assert.Null(lyrics.SungEndMs(1));
        Assert.Equal(12_000, new Lyrics([Line(8_000, 12_000, "trois")]).SungEndMs(0));
    }

    [Fact]
    public void An_unplaced_last_word_leaves_the_end_to_the_last_placed_word()
    {
        // "99" without a language has nothing to align: the last placed word of the line takes the line's end.
        var lyrics = new Lyrics([Line(1_000, 4_000, "là", "99"), Line(6_000, 7_000, "fin")]);
        ProvisionalWord[] words = [Placed(1_000, 1_500), new(null, null, 0, WordTimingSource.Interpolated), Placed(6_000, 6_400)];

        var moved = SungLineEnds.Apply(lyrics, words, minimumWordMs: 20);

        Assert.Equal(4_000, moved[0].EndMs);
        Assert.Null(moved[1].EndMs);
    }

    [Fact]
    public void Plain_lyrics_have_no_sung_ends()
    {
        var lyrics = PlainLyricsParser.Parse("un deux\ntrois");
        ProvisionalWord[] words = [Placed(1_000, 1_300), Placed(1_500, 2_000), Placed(3_000, 3_500)];

        Assert.Equal(words, SungLineEnds.Apply(lyrics, words, minimumWordMs: 20));
    }
}

using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Tests.Support;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Ctc;

public sealed class LineAnchorWindowsTests(ToneModelFixture fixture) : IClassFixture<ToneModelFixture>
{
    private CtcVocabulary Vocabulary => fixture.Model.Vocabulary;

    private static Lyrics Lines(params (string Text, int StartMs, int? EndMs)[] lines) =>
        new([.. lines.Select(l => new LyricLine([.. WordSplitter.Split(l.Text).Select(w => new LyricWord(w))], 0, l.StartMs, l.EndMs))]);

    [Fact]
    public void Characters_get_their_line_window_widened_by_the_margin_the_first_stays_near_the_line_start_and_wildcards_stay_free()
    {
        var lyrics = Lines(("la mer", 2_000, 4_000), ("toi", 6_000, 7_000));
        var targets = AlignmentTargets.Build(lyrics.Lines, Vocabulary, StarPlacement.EdgesAndLineBreaks);

        var windows = LineAnchorWindows.Build(lyrics, targets, frames: 500, marginFrames: 50, durationMs: 10_000);

        for (var i = 0; i < targets.Tokens.Length; i++)
        {
            var lineFirst = i > 0 && targets.WordOfToken[i] >= 0 && targets.WordOfToken[i - 1] < 0;
            var (first, end) = (targets.WordOfToken[i], lineFirst) switch
            {
                ( < 0, _) => (0, 500),
                ( < 2, true) => (50, 151),
                ( < 2, false) => (50, 250),
                (_, true) => (250, 351),
                (_, false) => (250, 400),
            };
            Assert.Equal(first, windows.FirstFrame[i]);
            Assert.Equal(end, windows.EndFrame[i]);
        }
    }

    [Fact]
    public void A_line_without_an_end_runs_to_the_next_line_start_and_the_last_to_the_audio_end()
    {
        var lyrics = Lines(("la", 1_000, null), ("mer", 3_000, null));
        var targets = AlignmentTargets.Build(lyrics.Lines, Vocabulary, StarPlacement.Edges);

        var windows = LineAnchorWindows.Build(lyrics, targets, frames: 250, marginFrames: 10, durationMs: 5_000);

        Assert.Equal((40, 160), (windows.FirstFrame[2], windows.EndFrame[2])); // 'a' of "la": 1 s − 0.2 s to 3 s + 0.2 s
        Assert.Equal((40, 61), (windows.FirstFrame[1], windows.EndFrame[1])); // 'l', the line's first letter: 1 s ± 0.2 s
        Assert.Equal((140, 250), (windows.FirstFrame[4], windows.EndFrame[4])); // 'e' of "mer": to the end of the audio
        Assert.Equal((140, 161), (windows.FirstFrame[3], windows.EndFrame[3]));
    }

    [Fact]
    public void Windows_too_short_or_out_of_order_are_widened_until_each_line_fits_after_the_previous()
    {
        // A 20 ms window for a 13-letter word, then a line announced before it.
        var lyrics = Lines(("anticonstitution", 1_000, 1_020), ("la", 900, 920));
        var targets = AlignmentTargets.Build(lyrics.Lines, Vocabulary, StarPlacement.EdgesAndLineBreaks);

        var windows = LineAnchorWindows.Build(lyrics, targets, frames: 500, marginFrames: 0, durationMs: 10_000);

        var firstLine = Enumerable.Range(0, targets.Tokens.Length).Where(i => targets.WordOfToken[i] == 0).ToList();
        var secondLine = Enumerable.Range(0, targets.Tokens.Length).Where(i => targets.WordOfToken[i] == 1).ToList();
        Assert.True(windows.EndFrame[firstLine[^1]] - windows.FirstFrame[firstLine[0]] >= firstLine.Count);
        Assert.True(windows.EndFrame[secondLine[^1]] >= windows.FirstFrame[firstLine[0]] + firstLine.Count + secondLine.Count);
        var emissions = new EmissionMatrix(new float[500 * (Vocabulary.Size + 1)], 500, Vocabulary.Size + 1);
        var path = CtcViterbi.Align(emissions, targets.Tokens, Vocabulary.BlankId, windows);
        Assert.Equal(targets.Tokens.Length, path.TokenIndexPerFrame.Where(i => i >= 0).Distinct().Count());
    }

    [Fact]
    public void The_spread_prior_centres_each_character_where_character_count_spreading_puts_it()
    {
        var lyrics = Lines(("la mer", 1_000, 2_000), ("toi", 3_000, null), ("oh", 4_000, 4_500), ("la", 4_500, 4_800));
        var targets = AlignmentTargets.Build(lyrics.Lines, Vocabulary, StarPlacement.EdgesAndLineBreaks);

        var prior = LineSpreadPrior.Build(lyrics, targets, durationMs: 5_000, width: 0.1);

        // "la mer": 5 letters over frames 50..100; "toi" has no end time and "oh" ends where the next line starts:
        // no prior for them; "la" ends for itself.
        Assert.Equal([0f, 50f, 60f, 70f, 80f, 90f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 225f, 232.5f, 0f], prior.CentreFrame, new FloatTolerance());
        Assert.Equal(5f, prior.SigmaFrames[1]); // 0.1 × 50 frames
        Assert.Equal(1.5f, prior.SigmaFrames[14], 3); // 0.1 × 15 frames
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f], prior.SigmaFrames[6..12]);
        Assert.Equal(0, prior.LogPrior(0, 400));
        Assert.Equal(0, prior.LogPrior(1, 55)); // inside σ: no pull
        Assert.Equal(-0.5f, prior.LogPrior(1, 60)); // σ beyond the flat zone: −1/2
        Assert.Throws<ArgumentOutOfRangeException>(() => LineSpreadPrior.Build(lyrics, targets, 5_000, 0));
    }

    [Fact]
    public void Lines_with_only_a_start_get_a_soft_prior_on_their_first_character()
    {
        var lyrics = Lines(("la mer", 1_000, 2_000), ("toi", 3_000, null), ("oh", 4_000, 4_500), ("la", 4_500, 4_800));
        var targets = AlignmentTargets.Build(lyrics.Lines, Vocabulary, StarPlacement.EdgesAndLineBreaks);
        var spread = LineSpreadPrior.Build(lyrics, targets, durationMs: 5_000, width: 0.1);

        var prior = LineStartPrior.Add(spread, lyrics, targets, sigmaFrames: 10);

        // "toi" (no end) and "oh" (ends where "la" starts: an LRC line) get their first letter held near their start;
        // "la mer" and "la" keep the spread prior of their sung ends; other letters and wildcards get nothing new.
        Assert.Equal((150f, 10f), (prior.CentreFrame[7], prior.SigmaFrames[7]));
        Assert.Equal((200f, 10f), (prior.CentreFrame[11], prior.SigmaFrames[11]));
        Assert.Equal((50f, 5f), (prior.CentreFrame[1], prior.SigmaFrames[1]));
        Assert.Equal(spread.SigmaFrames[14], prior.SigmaFrames[14]);
        Assert.Equal([0f, 0f], prior.SigmaFrames[8..10]);
        Assert.Equal(0f, prior.SigmaFrames[12]);
        Assert.Equal(0, prior.LogPrior(7, 160)); // inside the flat zone
        Assert.Equal(-0.5f, prior.LogPrior(7, 130)); // σ beyond it
        Assert.Equal(0f, spread.SigmaFrames[7]); // the spread prior itself is not changed

        var alone = LineStartPrior.Add(null, lyrics, targets, sigmaFrames: 10);
        Assert.Equal((0f, 10f), (alone.SigmaFrames[1], alone.SigmaFrames[7])); // a line with a sung end is the spread prior's, even when that is off
        Assert.Throws<ArgumentOutOfRangeException>(() => LineStartPrior.Add(null, lyrics, targets, 0));
    }

    private sealed class FloatTolerance : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) < 1e-3;

        public int GetHashCode(float obj) => 0;
    }
}

using Kiaraoke.Alignment.Anchors;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Tests.Support;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Anchors;

public sealed class AnchorAndFillTests(ToneModelFixture fixture) : IClassFixture<ToneModelFixture>
{
    private CtcVocabulary Vocabulary => fixture.Model.Vocabulary;

    private static Lyrics Plain(params string[] lines) =>
        new([.. lines.Select(l => new LyricLine([.. WordSplitter.Split(l).Select(w => new LyricWord(w))], 0))]);

    /// <summary>A path that holds each character token for one frame at the given frames, blank elsewhere.</summary>
    private static CtcPath PathAt(AlignmentTargets targets, int frames, IReadOnlyList<int> characterFrames)
    {
        var perFrame = Enumerable.Repeat(-1, frames).ToArray();
        var characters = Enumerable.Range(0, targets.Tokens.Length).Where(k => targets.WordOfToken[k] >= 0).ToList();
        Assert.Equal(characters.Count, characterFrames.Count);
        for (var i = 0; i < characters.Count; i++)
        {
            perFrame[characterFrames[i]] = characters[i];
        }

        return new CtcPath(perFrame, new float[frames], 0);
    }

    private static List<int> CharactersOfLine(AlignmentTargets targets, int line)
    {
        var (from, count) = targets.LineTokens[line].GetOffsetAndLength(targets.Tokens.Length);
        return [.. Enumerable.Range(from, count).Where(k => targets.WordOfToken[k] >= 0)];
    }

    [Fact]
    public void Confident_neighbouring_lines_become_islands_held_near_the_first_pass_and_the_rest_fill_the_stretch_after_them()
    {
        // Four lines of two letters; the first pass put them at frames 10–11, 30–31, 50–51, 70–71.
        var lyrics = Plain("la", "me", "to", "oh");
        var targets = AlignmentTargets.Build(lyrics.Lines, Vocabulary, StarPlacement.EdgesAndLineBreaks);
        var path = PathAt(targets, 100, [10, 11, 30, 31, 50, 51, 70, 71]);
        var voice = new float[100];
        Array.Fill(voice, 0.9f, 60, 40); // only frames 60..99 are voiced after the islands

        // Line 3 is confident but alone: it is no island.
        var plan = AnchorAndFill.Plan(path, targets, [0.9, 0.8, 0.2, 0.9], voice, islandConfidence: 0.5, islandMarginFrames: 5, fillWidth: 0.1);

        Assert.Equal((2, 2), (plan.IslandLines, plan.FillLines));
        foreach (var k in CharactersOfLine(targets, 0))
        {
            Assert.Equal((5, 17), (plan.Windows.FirstFrame[k], plan.Windows.EndFrame[k]));
            Assert.Equal(0f, plan.Prior.SigmaFrames[k]);
        }

        foreach (var k in CharactersOfLine(targets, 1))
        {
            Assert.Equal((25, 37), (plan.Windows.FirstFrame[k], plan.Windows.EndFrame[k]));
        }

        // Lines 2 and 3: anywhere from the last island's end (frame 32) − 5 to the song's end; their four letters are
        // expected at the ⅛, ⅜, ⅝, ⅞ quantiles of the 40 voiced frames of the stretch, give or take 0.1 × 68 frames.
        var fill = CharactersOfLine(targets, 2).Concat(CharactersOfLine(targets, 3)).ToList();
        Assert.All(fill, k => Assert.Equal((27, 100), (plan.Windows.FirstFrame[k], plan.Windows.EndFrame[k])));
        Assert.Equal([65f, 75f, 85f, 95f], fill.Select(k => plan.Prior.CentreFrame[k]));
        Assert.All(fill, k => Assert.Equal(6.8f, plan.Prior.SigmaFrames[k], 3));

        // Wildcards stay free and get no prior.
        for (var k = 0; k < targets.Tokens.Length; k++)
        {
            if (targets.WordOfToken[k] < 0)
            {
                Assert.Equal((0, 100, 0f), (plan.Windows.FirstFrame[k], plan.Windows.EndFrame[k], plan.Prior.SigmaFrames[k]));
            }
        }
    }

    [Fact]
    public void Without_islands_the_whole_song_is_one_stretch_spread_over_every_frame_when_too_few_are_voiced()
    {
        var lyrics = Plain("la", "me");
        var targets = AlignmentTargets.Build(lyrics.Lines, Vocabulary, StarPlacement.Edges);
        var path = PathAt(targets, 80, [1, 2, 3, 4]);
        var voice = new float[80];
        Array.Fill(voice, 1f, 0, 7); // 7 voiced frames: fewer than 2 per letter

        var plan = AnchorAndFill.Plan(path, targets, [0.1, 0.1], voice, islandConfidence: 0.5, islandMarginFrames: 5, fillWidth: 0.05);

        Assert.Equal((0, 2), (plan.IslandLines, plan.FillLines));
        var letters = CharactersOfLine(targets, 0).Concat(CharactersOfLine(targets, 1)).ToList();
        Assert.Equal([10f, 30f, 50f, 70f], letters.Select(k => plan.Prior.CentreFrame[k]));
        Assert.All(letters, k => Assert.Equal((0, 80, 4f), (plan.Windows.FirstFrame[k], plan.Windows.EndFrame[k], plan.Prior.SigmaFrames[k])));
    }

    [Fact]
    public void Every_window_holds_the_first_pass_so_the_second_pass_always_has_a_path()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 40; trial++)
        {
            var lines = ToneSong.RandomLines(seed: trial, lineCount: random.Next(1, 9));
            var lyrics = Plain([.. lines]);
            var targets = AlignmentTargets.Build(lyrics.Lines, Vocabulary, StarPlacement.EdgesAndLineBreaks);
            var frames = CtcViterbi.MinimumFrames(targets.Tokens) + random.Next(0, 400);
            var columns = Vocabulary.Size + 1;
            var values = new float[frames * columns];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)Math.Log(random.NextDouble() + 1e-6);
            }

            var emissions = new EmissionMatrix(values, frames, columns);
            var path = CtcViterbi.Align(emissions, targets.Tokens, Vocabulary.BlankId);
            var confidence = lines.Select(_ => random.NextDouble()).ToArray();
            var voice = Enumerable.Range(0, frames).Select(_ => (float)random.NextDouble()).ToArray();

            var plan = AnchorAndFill.Plan(path, targets, confidence, voice, islandConfidence: 0.5, islandMarginFrames: random.Next(0, 20), fillWidth: 0.1);

            for (var t = 0; t < frames; t++)
            {
                if (path.TokenIndexPerFrame[t] is var k and >= 0)
                {
                    Assert.True(plan.Windows.Allows(k, t), $"trial {trial}: token {k} on frame {t} is outside [{plan.Windows.FirstFrame[k]}, {plan.Windows.EndFrame[k]})");
                }
            }

            // The second pass places every character (wildcards may be skipped).
            var second = CtcViterbi.Align(emissions, targets.Tokens, Vocabulary.BlankId, plan.Windows, plan.Prior);
            var held = second.TokenIndexPerFrame.Where(k => k >= 0).ToHashSet();
            Assert.All(Enumerable.Range(0, targets.Tokens.Length).Where(k => targets.WordOfToken[k] >= 0), k => Assert.Contains(k, held));
        }
    }

    [Fact]
    public void Mismatched_inputs_are_refused_with_what_is_wrong()
    {
        var lyrics = Plain("la");
        var targets = AlignmentTargets.Build(lyrics.Lines, Vocabulary, StarPlacement.Edges);
        var path = PathAt(targets, 10, [2, 3]);

        var voice = Assert.Throws<ArgumentException>(() => AnchorAndFill.Plan(path, targets, [0.9], new float[9], 0.5, 5, 0.1));
        Assert.Contains("9 frames", voice.Message);
        var lines = Assert.Throws<ArgumentException>(() => AnchorAndFill.Plan(path, targets, [0.9, 0.9], new float[10], 0.5, 5, 0.1));
        Assert.Contains("2 line confidences for 1 lines", lines.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => AnchorAndFill.Plan(path, targets, [0.9], new float[10], 0.5, 5, 0));
    }

    [Fact]
    public void On_a_clean_song_every_line_is_an_island_and_the_words_stay_within_a_frame_of_the_truth()
    {
        var song = ToneSong.Create(["l'amour est la", "bonjour toi tout", "la mer"], leadMs: 1_337, wordGapMs: 230, lineGapMs: 2_000);
        var options = new AlignerOptions { StartPaddingMs = 0, EndPaddingMs = 0, FillPriorWidth = 0.1 };

        var result = new ForcedAligner(fixture.Model, Vocabulary, options).Align(new PcmAudio(16_000, song.Samples), song.Lyrics);

        var words = result.Words.ToList();
        for (var i = 0; i < words.Count; i++)
        {
            Assert.InRange(words[i].StartMs - song.WordTimes[i].StartMs, -20, 20);
            Assert.InRange(words[i].EndMs - song.WordTimes[i].EndMs, -20, 20);
        }
    }
}

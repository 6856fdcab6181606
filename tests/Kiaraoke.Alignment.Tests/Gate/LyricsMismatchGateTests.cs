using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Quality;
using Kiaraoke.Alignment.Tests.Support;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Gate;

/// <summary>
/// The quality gate with the default confidence measure and decoy check, end to end through the tone model: the
/// right lyrics pass, another song's lyrics on the same audio are refused as a mismatch.
/// </summary>
public sealed class LyricsMismatchGateTests(ToneModelFixture fixture) : IClassFixture<ToneModelFixture>
{
    private static readonly string[] SongA = ["bonjour toi tout", "la mer est belle", "le monde tourne", "amour sans fin"];
    private static readonly string[] SongB = ["quick brown fox", "jumps over dogs", "whisky vexing", "pack my box"];

    private ForcedAligner Aligner() => new(fixture.Model, fixture.Model.Vocabulary, new AlignerOptions());

    [Fact]
    public void The_right_lyrics_pass_the_gate_with_a_large_decoy_margin()
    {
        var song = ToneSong.Create(SongA);
        var result = Aligner().Align(new PcmAudio(16_000, song.Samples), song.Lyrics);
        var verdict = new QualityGate().Evaluate(result);

        Assert.True(verdict.Passed, verdict.Reason);
        Assert.NotNull(verdict.Quality.DecoyMargin);
        Assert.True(verdict.Quality.DecoyMargin > 0.3, $"decoy margin {verdict.Quality.DecoyMargin}");
        Assert.InRange(result.ConfidenceAverage, 0.45, 1.0);
    }

    [Fact]
    public void Another_songs_lyrics_on_the_same_audio_are_refused_as_a_mismatch()
    {
        var song = ToneSong.Create(SongA);
        var wrong = PlainLyricsParser.Parse(string.Join('\n', SongB));
        var result = Aligner().Align(new PcmAudio(16_000, song.Samples), wrong);
        var verdict = new QualityGate().Evaluate(result);

        Assert.False(verdict.Passed);
        Assert.NotNull(verdict.Quality.DecoyMargin);
        Assert.True(verdict.Quality.DecoyMargin < QualityGate.DefaultMinDecoyMargin, $"decoy margin {verdict.Quality.DecoyMargin}");
    }

    [Fact]
    public void A_shuffle_keeps_each_lines_characters_and_every_star_in_place()
    {
        var lyrics = PlainLyricsParser.Parse("bonjour toi\nla mer");
        var targets = AlignmentTargets.Build(lyrics.Lines, fixture.Model.Vocabulary, StarPlacement.EdgesAndLineBreaks);
        var shuffled = DecoyLyrics.Shuffle(targets, new Random(DecoyLyrics.Seed));

        Assert.Equal(targets.Tokens.Length, shuffled.Length);
        Assert.NotEqual(targets.Tokens, shuffled);
        foreach (var line in targets.LineTokens)
        {
            Assert.Equal(targets.Tokens[line].Order(), shuffled[line].Order());
        }

        for (var i = 0; i < shuffled.Length; i++)
        {
            if (targets.WordOfToken[i] < 0)
            {
                Assert.Equal(targets.Tokens[i], shuffled[i]);
            }
        }
    }

    [Fact]
    public void The_gate_ignores_the_decoy_check_when_it_was_not_measured_and_can_be_turned_off()
    {
        var song = ToneSong.Create(SongA);
        var wrong = PlainLyricsParser.Parse(string.Join('\n', SongB));
        var unchecked_ = new ForcedAligner(fixture.Model, fixture.Model.Vocabulary, new AlignerOptions { DecoyCheck = false })
            .Align(new PcmAudio(16_000, song.Samples), wrong);
        Assert.Null(unchecked_.DecoyFit);
        Assert.Null(AlignmentQuality.Measure(unchecked_).DecoyMargin);

        var result = Aligner().Align(new PcmAudio(16_000, song.Samples), wrong);
        var off = new QualityGate(MinConfidenceAverage: 0, MaxLowConfidenceRatio: 1, MinDecoyMargin: 0).Evaluate(result);
        Assert.True(off.Passed, off.Reason);
    }
}

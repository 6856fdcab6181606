using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Tests.Support;
using Kiaraoke.Alignment.VoiceActivity;

namespace Kiaraoke.Alignment.Tests.VoiceActivity;

/// <summary>Separated-vocal breaks: quiet stretches are found, and a forced alignment puts no word inside them.</summary>
public sealed class QuietStretchesTests(ToneModelFixture fixture) : IClassFixture<ToneModelFixture>
{
    private const int Rate = 16_000;

    [Fact]
    public void A_long_quiet_break_is_found_and_short_pauses_between_words_are_not()
    {
        // 2 s of tone, a 0.5 s pause, 2 s of tone, a 20 s break with −40 dB noise, 2 s of tone.
        var random = new Random(3);
        var samples = new List<float>();
        void Tone(double seconds) => samples.AddRange(Enumerable.Range(0, (int)(seconds * Rate)).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 500 * i / Rate))));
        void Noise(double seconds, double amplitude) => samples.AddRange(Enumerable.Range(0, (int)(seconds * Rate)).Select(_ => (float)(amplitude * ((random.NextDouble() * 2) - 1))));
        Tone(2);
        Noise(0.5, 0.003);
        Tone(2);
        Noise(20, 0.003);
        Tone(2);
        var frames = EmissionMatrix.FramesFor(samples.Count);

        var quiet = QuietStretches.Find(samples.ToArray(), frames, thresholdDb: -20, minimumFrames: 75);

        Assert.DoesNotContain(true, quiet[..(225 - QuietStretches.BridgeFrames)]); // the tones and the 0.5 s pause
        Assert.All(quiet[(225 + QuietStretches.BridgeFrames + 1)..(1225 - QuietStretches.BridgeFrames - 1)], Assert.True); // the break
        Assert.DoesNotContain(true, quiet[(1225 + QuietStretches.BridgeFrames)..]);
    }

    [Theory]
    [InlineData(20_000, -30)]
    [InlineData(45_000, -30)]
    [InlineData(20_000, -15)] // without the gate (QuietThresholdDb = null) the words go to this bleed
    public void No_word_is_placed_inside_a_silent_break_even_over_faint_bleed_of_the_next_line(int breakMs, double bleedDb)
    {
        // Line 2 is also heard, bleedDb down, in the middle of the break (bleed of a backing track in a separated
        // stem): the words must stay on the sung line, not on the bleed.
        var lines = new[] { "la mer", "bonjour toi" };
        var song = ToneSong.Create(lines, lineGapMs: breakMs);
        var echo = ToneSong.Create([lines[1]], leadMs: 0, tailMs: 0, amplitude: 0.3 * Math.Pow(10, bleedDb / 20));
        var samples = (float[])song.Samples.Clone();
        var breakStartMs = song.WordTimes[1].EndMs;
        var echoAt = (int)((breakStartMs + (breakMs / 2.0)) * Rate / 1000);
        echo.Samples.CopyTo(samples, echoAt);

        var aligner = new ForcedAligner(fixture.Model, fixture.Model.Vocabulary, new AlignerOptions());
        var result = aligner.Align(new PcmAudio(Rate, samples), song.Lyrics);

        var breakEndMs = song.WordTimes[2].StartMs;
        foreach (var word in result.Words.Skip(2))
        {
            Assert.True(word.StartMs >= breakEndMs - 100, $"'{word.Word}' starts at {word.StartMs} ms, inside the break {breakStartMs:0}–{breakEndMs:0} ms");
        }

        Assert.True(result.Words.First().StartMs < breakStartMs);
    }
}

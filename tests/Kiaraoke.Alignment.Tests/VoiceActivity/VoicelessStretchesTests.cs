using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Tests.Support;
using Kiaraoke.Alignment.VoiceActivity;

namespace Kiaraoke.Alignment.Tests.VoiceActivity;

/// <summary>Voice-activity breaks: long voiceless runs are found, and the aligner keeps every letter out of them.</summary>
public sealed class VoicelessStretchesTests(ToneModelFixture fixture) : IClassFixture<ToneModelFixture>
{
    [Fact]
    public void Only_long_voiceless_runs_are_found_and_short_dips_are_bridged()
    {
        // 100 voiced frames, a 15-frame dip, 100 voiced, 200 voiceless, 100 voiced.
        var activity = new List<float>();
        activity.AddRange(Enumerable.Repeat(0.9f, 100));
        activity.AddRange(Enumerable.Repeat(0.05f, 15));
        activity.AddRange(Enumerable.Repeat(0.9f, 100));
        activity.AddRange(Enumerable.Repeat(0.05f, 200));
        activity.AddRange(Enumerable.Repeat(0.9f, 100));

        var voiceless = VoicelessStretches.Find(activity.ToArray(), threshold: 0.5, minimumFrames: 75);

        Assert.DoesNotContain(true, voiceless[..(215 + VoicelessStretches.BridgeFrames)]); // the dip is bridged, then too short
        Assert.All(voiceless[(215 + VoicelessStretches.BridgeFrames)..(415 - VoicelessStretches.BridgeFrames)], Assert.True);
        Assert.DoesNotContain(true, voiceless[(415 - VoicelessStretches.BridgeFrames)..]);
    }

    [Fact]
    public void With_the_voice_gate_no_word_sits_on_bleed_inside_a_voiceless_break()
    {
        // The break carries the next line's bleed 15 dB down, loud enough to pass the energy gate (switched off here
        // anyway); a voice-activity head that reads the break as voiceless keeps the words on the sung line.
        var lines = new[] { "la mer", "bonjour toi" };
        const int breakMs = 20_000;
        var song = ToneSong.Create(lines, lineGapMs: breakMs);
        var echo = ToneSong.Create([lines[1]], leadMs: 0, tailMs: 0, amplitude: 0.3 * Math.Pow(10, -15 / 20.0));
        var samples = (float[])song.Samples.Clone();
        var breakStartMs = song.WordTimes[1].EndMs;
        var breakEndMs = song.WordTimes[2].StartMs;
        echo.Samples.CopyTo(samples, (int)((breakStartMs + (breakMs / 2.0)) * 16_000 / 1000));
        var head = new BreakAwareModel(fixture.Model, (int)(breakStartMs / EmissionMatrix.FrameMs) + 10, (int)(breakEndMs / EmissionMatrix.FrameMs) - 10);
        var audio = new PcmAudio(16_000, samples);

        var ungated = new ForcedAligner(head, fixture.Model.Vocabulary, new AlignerOptions { QuietThresholdDb = null }).Align(audio, song.Lyrics);
        var gated = new ForcedAligner(head, fixture.Model.Vocabulary, new AlignerOptions { QuietThresholdDb = null, VoiceThreshold = 0.5 }).Align(audio, song.Lyrics);

        Assert.Contains(ungated.Words.Skip(2), w => w.StartMs < breakEndMs - 100); // the bleed pulls words without the gate
        foreach (var word in gated.Words.Skip(2))
        {
            Assert.True(word.StartMs >= breakEndMs - 100, $"'{word.Word}' starts at {word.StartMs} ms, inside the break {breakStartMs:0}–{breakEndMs:0} ms");
        }

        Assert.True(gated.Words.First().StartMs < breakStartMs);
    }

    /// <summary>The tone model plus a voice-activity output that is 0 on the given frames and 1 elsewhere (the song fits one window).</summary>
    private sealed class BreakAwareModel(IEmissionModel inner, int voicelessFrom, int voicelessTo) : IEmissionModel
    {
        public int Classes => inner.Classes;

        public bool HasVoiceActivity => true;

        public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default) =>
            inner.Run(input, batch, samplesPerRow, cancellationToken);

        public (float[] Logits, float[]? VoiceActivity, int Frames) RunWithVoiceActivity(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
        {
            Assert.Equal(1, batch);
            var (logits, frames) = inner.Run(input, batch, samplesPerRow, cancellationToken);
            var voice = Enumerable.Range(0, frames).Select(t => t >= voicelessFrom && t < voicelessTo ? 0f : 1f).ToArray();
            return (logits, voice, frames);
        }
    }
}

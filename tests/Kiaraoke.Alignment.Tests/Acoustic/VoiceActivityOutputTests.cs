using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Tests.Support;
using Kiaraoke.Alignment.VoiceActivity;

namespace Kiaraoke.Alignment.Tests.Acoustic;

/// <summary>The optional <c>voice_activity</c> output: read in the same run as the logits, stitched like them, or derived when absent.</summary>
public sealed class VoiceActivityOutputTests(ToneModelFixture fixture) : IClassFixture<ToneModelFixture>
{
    private static readonly string V3 = Path.Combine(RepoPaths.Root, "models", "kiaraoke-ctc-v3");

    [Fact]
    public void A_model_with_a_voice_activity_head_gives_one_probability_per_stitched_frame_from_one_run_per_window()
    {
        using var model = OnnxEmissionModel.Load(V3, new OnnxModelOptions { IntraOpThreads = 1 });
        Assert.True(model.HasVoiceActivity);
        var counting = new CountingModel(model);
        var random = new Random(5);
        var samples = Enumerable.Range(0, 35 * 16_000).Select(_ => (float)(0.05 * ((random.NextDouble() * 2) - 1))).ToArray();

        var emissions = EmissionWindowing.Compute(counting, samples, new EmissionOptions());

        Assert.Equal(2, counting.Runs); // two 30 s windows, each one session run for both outputs
        Assert.NotNull(emissions.VoiceActivity);
        Assert.Equal(emissions.Frames, emissions.VoiceActivity!.Length);
        Assert.All(emissions.VoiceActivity, p => Assert.InRange(p, 0f, 1f));
        Assert.Same(emissions.VoiceActivity, FrameVoiceActivity.For(emissions, model.Vocabulary.BlankId));
    }

    [Fact]
    public void Voice_activity_is_stitched_across_windows_frame_for_frame_like_the_logits()
    {
        // The fake model's activity at a frame is the (unnormalised) sample value where the frame starts, and the
        // samples count hops: stitched frame t must therefore read t, whichever window and context it came from.
        var samples = Enumerable.Range(0, (65 * 16_000) + 123).Select(i => (float)(i / EmissionMatrix.HopSamples)).ToArray();
        var options = new EmissionOptions { WindowSeconds = 30, ContextSeconds = 2, BatchSize = 2 };

        var emissions = EmissionWindowing.Compute(new SampleEchoModel(), samples, options);

        Assert.Equal(EmissionWindowing.FrameCount(samples.Length, options), emissions.Frames);
        for (var t = 0; t < emissions.Frames; t++)
        {
            Assert.Equal(t, emissions.VoiceActivity![t]);
        }
    }

    [Fact]
    public void Without_a_head_the_emissions_carry_none_and_activity_is_derived_from_the_blank_probability()
    {
        Assert.False(fixture.Model.HasVoiceActivity);
        var song = ToneSong.Create(["la mer"], lineGapMs: 0);
        var emissions = EmissionWindowing.Compute(fixture.Model, song.Samples, new EmissionOptions());
        Assert.Null(emissions.VoiceActivity);

        var activity = FrameVoiceActivity.For(emissions, fixture.Model.Vocabulary.BlankId);

        Assert.Equal(emissions.Frames, activity.Length);
        var sungFrom = (int)(song.WordTimes[0].StartMs / EmissionMatrix.FrameMs);
        var sungTo = (int)(song.WordTimes[^1].EndMs / EmissionMatrix.FrameMs);
        var sung = activity[sungFrom..sungTo].Average();
        var silentLead = activity[..Math.Max(1, sungFrom - FrameVoiceActivity.DerivedSmoothingFrames - 5)].Average();
        Assert.True(sung > silentLead + 0.1, $"mean activity {sung:0.000} while sung, {silentLead:0.000} in the silent lead-in");
    }

    [Fact]
    public void Outputs_written_into_pooled_buffers_equal_the_copied_outputs_and_leave_the_rest_of_the_buffer_alone()
    {
        using var model = OnnxEmissionModel.Load(V3, new OnnxModelOptions { IntraOpThreads = 1 });
        var random = new Random(9);
        var input = Enumerable.Range(0, 2 * 48_000).Select(_ => (float)(0.1 * ((random.NextDouble() * 2) - 1))).ToArray();
        var (logits, voice, frames) = model.RunWithVoiceActivity(input, 2, 48_000);

        var logitBuffer = Enumerable.Repeat(-7f, logits.Length + 100).ToArray();
        var voiceBuffer = Enumerable.Repeat(-7f, voice!.Length + 10).ToArray();
        var (written, wroteVoice) = model.RunInto(input, 2, 48_000, logitBuffer, voiceBuffer);

        Assert.Equal((frames, true), (written, wroteVoice));
        Assert.Equal(logits, logitBuffer[..logits.Length]);
        Assert.Equal(voice, voiceBuffer[..voice.Length]);
        Assert.All(logitBuffer[logits.Length..], v => Assert.Equal(-7f, v));
        Assert.All(voiceBuffer[voice.Length..], v => Assert.Equal(-7f, v));

        // The windowed song is the same whether the model writes into the pool or returns copies.
        var song = Enumerable.Range(0, 65 * 16_000).Select(_ => (float)(0.05 * ((random.NextDouble() * 2) - 1))).ToArray();
        var pooled = EmissionWindowing.Compute(model, song, new EmissionOptions());
        var copied = EmissionWindowing.Compute(new CountingModel(model), song, new EmissionOptions());
        Assert.Equal(copied.LogProbs, pooled.LogProbs);
        Assert.Equal(copied.VoiceActivity, pooled.VoiceActivity);
    }

    [Fact]
    public void Derived_activity_is_one_minus_the_blank_probability_averaged_over_the_window()
    {
        // Three columns: blank, one letter, star. Frames 0–9 all blank, 10–19 all letter.
        const int frames = 20;
        var values = new float[frames * 3];
        for (var t = 0; t < frames; t++)
        {
            values[(t * 3) + 0] = t < 10 ? 0f : float.NegativeInfinity;
            values[(t * 3) + 1] = t < 10 ? float.NegativeInfinity : 0f;
        }

        var activity = FrameVoiceActivity.Derive(new EmissionMatrix(values, frames, 3), blankId: 0, smoothingFrames: 2);

        Assert.Equal(0f, activity[0]);
        Assert.Equal(0f, activity[7]);
        Assert.Equal(1f / 5, activity[8], 5);   // frames 6–10: one letter frame of five
        Assert.Equal(3f / 5, activity[10], 5);  // frames 8–12
        Assert.Equal(1f, activity[12]);
        Assert.Equal(1f, activity[19]);         // frames 17–19 (clipped window)
    }

    private sealed class CountingModel(IEmissionModel inner) : IEmissionModel
    {
        public int Runs;

        public int Classes => inner.Classes;

        public bool HasVoiceActivity => inner.HasVoiceActivity;

        public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Runs);
            return inner.Run(input, batch, samplesPerRow, cancellationToken);
        }

        public (float[] Logits, float[]? VoiceActivity, int Frames) RunWithVoiceActivity(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Runs);
            return inner.RunWithVoiceActivity(input, batch, samplesPerRow, cancellationToken);
        }
    }

    private sealed class SampleEchoModel : IEmissionModel
    {
        public int Classes => 3;

        public bool HasVoiceActivity => true;

        public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
        {
            var (logits, _, frames) = RunWithVoiceActivity(input, batch, samplesPerRow, cancellationToken);
            return (logits, frames);
        }

        public (float[] Logits, float[]? VoiceActivity, int Frames) RunWithVoiceActivity(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
        {
            var frames = EmissionMatrix.FramesFor(samplesPerRow);
            var voice = new float[batch * frames];
            for (var b = 0; b < batch; b++)
            {
                for (var f = 0; f < frames; f++)
                {
                    voice[(b * frames) + f] = input[(b * samplesPerRow) + (f * EmissionMatrix.HopSamples)];
                }
            }

            return (new float[batch * frames * Classes], voice, frames);
        }
    }
}

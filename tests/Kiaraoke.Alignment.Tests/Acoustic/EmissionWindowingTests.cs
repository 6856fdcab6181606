using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Tests.Acoustic;

public sealed class EmissionWindowingTests
{
    private static readonly EmissionOptions Reference = new();

    public static TheoryData<int> LengthsAroundBoundaries()
    {
        var lengths = new SortedSet<int>();
        foreach (var boundary in new[] { 400, 720, 480_000, 544_000, 960_000, 1_440_000 })
        {
            foreach (var delta in new[] { -321, -320, -1, 0, 1, 319, 320 })
            {
                if (boundary + delta >= 400)
                {
                    lengths.Add(boundary + delta);
                }
            }
        }

        var data = new TheoryData<int>();
        foreach (var length in lengths)
        {
            data.Add(length);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LengthsAroundBoundaries))]
    public void Frame_count_follows_the_reference_geometry(int samples)
    {
        var model = new FrameIndexModel();
        var emissions = EmissionWindowing.Compute(model, new float[samples], Reference);
        Assert.Equal(EmissionWindowing.FrameCount(samples, Reference), emissions.Frames);
        if (samples < 480_000)
        {
            Assert.Equal(((samples - 400) / 320) + 1, emissions.Frames);
        }
        else
        {
            var chunks = (samples + 479_999) / 480_000;
            var extension = (chunks * 480_000) - samples;
            Assert.Equal((1500 * chunks) - (extension / 320), emissions.Frames);
        }
    }

    [Fact]
    public void Windows_stitch_without_gap_or_overlap()
    {
        // The fake model writes each frame's absolute source position; kept frames must be exactly 320 samples apart.
        var samples = 1_300_000;
        var input = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            input[i] = i;
        }

        var model = new PositionModel();
        var emissions = EmissionWindowing.Compute(model, input, Reference);
        Assert.Equal(3, model.Calls);
        for (var t = 0; t < emissions.Frames; t++)
        {
            // Column 1 carries log-softmax of [0, position/1e6]; recover the position from the difference of columns.
            var position = (emissions[t, 1] - emissions[t, 0]) * 1e6;
            Assert.InRange(Math.Abs(position - (t * 320.0)), 0, 2); // frames are 320 apart: 2 samples of float error is conclusive
        }
    }

    [Theory]
    [InlineData(544_001, WindowEdges.InsideAudio)]
    [InlineData(700_000, WindowEdges.InsideAudio)]
    [InlineData(1_300_000, WindowEdges.InsideAudio)]
    [InlineData(1_440_321, WindowEdges.InsideAudio)]
    [InlineData(544_001, WindowEdges.ZeroPadded)]
    [InlineData(1_440_321, WindowEdges.ZeroPadded)]
    public void Both_edge_schemes_stitch_every_frame_at_its_own_position(int samples, WindowEdges edges)
    {
        var input = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            input[i] = i;
        }

        var options = Reference with { Edges = edges };
        var emissions = EmissionWindowing.Compute(new PositionModel(), input, options);

        Assert.Equal(EmissionWindowing.FrameCount(samples, options), emissions.Frames);
        for (var t = 0; t < emissions.Frames; t++)
        {
            var position = (emissions[t, 1] - emissions[t, 0]) * 1e6;
            Assert.InRange(Math.Abs(position - (t * 320.0)), 0, 2);
        }
    }

    [Fact]
    public void Inside_the_audio_no_window_holds_padding_but_the_last_frame_tail_while_zero_padded_windows_start_with_the_context()
    {
        var input = Enumerable.Repeat(1f, 1_300_000).ToArray();

        var inside = new RecordingModel();
        EmissionWindowing.Compute(inside, input, Reference with { Edges = WindowEdges.InsideAudio });
        var zeros = new RecordingModel();
        EmissionWindowing.Compute(zeros, input, Reference with { Edges = WindowEdges.ZeroPadded });

        Assert.Equal(3, inside.Inputs.Count);
        Assert.All(inside.Inputs[..^1], row => Assert.DoesNotContain(0f, row));
        // The last window runs past the song only where the reference geometry's last frame does (under one hop
        // plus one frame of samples).
        Assert.InRange(inside.Inputs[^1].Count(v => v == 0f), 0, 320 + 400);
        Assert.All(zeros.Inputs[0][..32_000], v => Assert.Equal(0f, v));
        Assert.True(zeros.Inputs[^1].Count(v => v == 0f) > 100_000, "the reference scheme fills the last window with zeros");
    }

    [Fact]
    public void Rows_are_log_softmax_and_star_column_is_zero()
    {
        var emissions = EmissionWindowing.Compute(new FrameIndexModel(), new float[16_000], Reference);
        for (var t = 0; t < emissions.Frames; t++)
        {
            var row = emissions.Row(t);
            Assert.Equal(0f, row[^1]);
            Assert.Equal(1.0, row[..^1].ToArray().Sum(v => Math.Exp(v)), 5);
        }
    }

    [Fact]
    public void Too_short_audio_is_a_clear_error()
    {
        var error = Assert.Throws<CtcAlignmentException>(() => EmissionWindowing.Compute(new FrameIndexModel(), new float[399], Reference));
        Assert.Contains("too short", error.Message);
    }

    [Fact]
    public void Model_with_wrong_frame_count_is_refused()
    {
        var error = Assert.Throws<ModelContractException>(() => EmissionWindowing.Compute(new WrongGeometryModel(), new float[16_000], Reference));
        Assert.Contains("floor((N − 400) / 320) + 1", error.Message);
    }

    [Fact]
    public void Optional_window_normalisation_gives_zero_mean_unit_variance_input()
    {
        var model = new RecordingModel();
        var input = Enumerable.Range(0, 20_000).Select(i => (float)(0.3 + (0.01 * Math.Sin(i)))).ToArray();
        EmissionWindowing.Compute(model, input, Reference with { NormalizeWindows = true });
        var seen = model.LastInput!;
        Assert.Equal(0.0, seen.Average(v => (double)v), 3);
        Assert.Equal(1.0, Math.Sqrt(seen.Average(v => (double)v * v)), 2);
    }

    /// <summary>Two classes, logits zero: counts frames honestly.</summary>
    private sealed class FrameIndexModel : IEmissionModel
    {
        public int Classes => 2;

        public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
        {
            var frames = EmissionMatrix.FramesFor(samplesPerRow);
            return (new float[batch * frames * Classes], frames);
        }
    }

    /// <summary>Logit 1 of frame f = the sample value at the frame's first sample / 1e6 (inputs hold their own index).</summary>
    private sealed class PositionModel : IEmissionModel
    {
        public int Calls { get; private set; }

        public int Classes => 2;

        public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
        {
            Calls++;
            var frames = EmissionMatrix.FramesFor(samplesPerRow);
            var logits = new float[batch * frames * 2];
            for (var b = 0; b < batch; b++)
            {
                // Recover the absolute position from the first non-zero sample of the row.
                var row = input.AsSpan(b * samplesPerRow, samplesPerRow);
                var firstNonZero = row.IndexOfAnyExcept(0f);
                var origin = firstNonZero < 0 ? 0 : row[firstNonZero] - firstNonZero;
                for (var f = 0; f < frames; f++)
                {
                    logits[(((b * frames) + f) * 2) + 1] = (float)((origin + (f * 320.0)) / 1e6);
                }
            }

            return (logits, frames);
        }
    }

    private sealed class WrongGeometryModel : IEmissionModel
    {
        public int Classes => 2;

        public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
        {
            var frames = ((samplesPerRow - 400) / 160) + 1;
            return (new float[batch * frames * 2], frames);
        }
    }

    private sealed class RecordingModel : IEmissionModel
    {
        public float[]? LastInput { get; private set; }

        /// <summary>Every row the model was given, in order.</summary>
        public List<float[]> Inputs { get; } = [];

        public int Classes => 2;

        public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
        {
            LastInput = input[..(batch * samplesPerRow)];
            for (var b = 0; b < batch; b++)
            {
                Inputs.Add(input[(b * samplesPerRow)..((b + 1) * samplesPerRow)]);
            }

            var frames = EmissionMatrix.FramesFor(samplesPerRow);
            return (new float[batch * frames * 2], frames);
        }
    }
}

using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Tests.Ctc;

/// <summary>
/// The banded SIMD kernel against <see cref="ReferenceCtcViterbi"/> (full trellis, scalar) on random inputs: the same
/// path, the same per-frame log-probabilities and the same total, bit for bit — with repeated tokens, ties, −∞
/// emissions, line-shaped and arbitrary windows, position priors, vocabularies above and below the 32 columns that
/// the in-register lookup covers, and vectors of 8 and 16 floats.
/// </summary>
public sealed class CtcViterbiKernelTests
{
    [Fact]
    public void Matches_the_full_trellis_reference_without_windows()
    {
        for (var seed = 0; seed < 1500; seed++)
        {
            var random = new Random(seed);
            var (emissions, targets) = RandomInput(random, maxFrames: 120, maxTokens: 40);
            AssertSameAsReference(emissions, targets, null, null, seed);
        }
    }

    [Fact]
    public void Matches_the_full_trellis_reference_with_line_windows_and_priors()
    {
        for (var seed = 0; seed < 1500; seed++)
        {
            var random = new Random(1_000_000 + seed);
            var (emissions, targets) = RandomInput(random, maxFrames: 150, maxTokens: 40);
            var windows = random.Next(2) == 0 ? LineWindows(random, emissions.Frames, targets.Length) : ArbitraryWindows(random, emissions.Frames, targets.Length);
            var prior = random.Next(3) == 0 ? null : RandomPrior(random, emissions.Frames, targets.Length);
            AssertSameAsReference(emissions, targets, windows, prior, seed);
            if (prior is not null)
            {
                AssertSameAsReference(emissions, targets, null, prior, seed);
            }
        }
    }

    [Fact]
    public void Matches_the_full_trellis_reference_on_long_inputs()
    {
        for (var seed = 0; seed < 6; seed++)
        {
            var random = new Random(2_000_000 + seed);
            var frames = random.Next(800, 1500);
            var tokens = random.Next(100, frames / 3);
            var (emissions, targets) = RandomInput(random, frames, tokens, exactSize: true);
            AssertSameAsReference(emissions, targets, null, null, seed);
            AssertSameAsReference(emissions, targets, LineWindows(random, frames, tokens), RandomPrior(random, frames, tokens), seed);
        }
    }

    [Fact]
    public void Steady_state_calls_allocate_little_more_than_the_returned_path()
    {
        var random = new Random(7);
        var (emissions, targets) = RandomInput(random, 3_000, 500, exactSize: true, columns: 32, kind: 0);
        for (var warmUp = 0; warmUp < 3; warmUp++)
        {
            CtcViterbi.Align(emissions, targets);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        CtcViterbi.Align(emissions, targets);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The path's two arrays take 8 bytes per frame; backpointers alone would be 3,000 × 504 × 3 / 8 = 567 kB.
        Assert.InRange(allocated, 8 * 3_000, (8 * 3_000) + 4_096);
    }

    [Fact]
    public void Concurrent_calls_do_not_share_scratch_memory()
    {
        var inputs = Enumerable.Range(0, 16).Select(seed =>
        {
            var random = new Random(3_000_000 + seed);
            var (emissions, targets) = RandomInput(random, 600, 150, exactSize: true, columns: 32, kind: 0);
            var windows = seed % 2 == 0 ? null : LineWindows(random, 600, 150);
            return (Emissions: emissions, Targets: targets, Windows: windows, Prior: RandomPrior(random, 600, 150));
        }).Where(x => ReferenceCtcViterbi.Align(x.Emissions, x.Targets, 0, x.Windows, x.Prior) is not null).ToArray();
        Assert.True(inputs.Length >= 8, $"only {inputs.Length} of the inputs have a path");
        var expected = inputs.Select(x => CtcViterbi.Align(x.Emissions, x.Targets, 0, x.Windows, x.Prior)).ToArray();
        var actual = new CtcPath[inputs.Length * 4];
        Parallel.For(0, actual.Length, i =>
        {
            var x = inputs[i % inputs.Length];
            actual[i] = CtcViterbi.Align(x.Emissions, x.Targets, 0, x.Windows, x.Prior);
        });

        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected[i % inputs.Length].TokenIndexPerFrame, actual[i].TokenIndexPerFrame);
            Assert.Equal(expected[i % inputs.Length].TotalLogProb, actual[i].TotalLogProb);
        }
    }

    private static void AssertSameAsReference(EmissionMatrix emissions, int[] targets, TokenWindows? windows, TokenPositionPrior? prior, int seed)
    {
        var expected = ReferenceCtcViterbi.Align(emissions, targets, 0, windows, prior);
        if (expected is null)
        {
            foreach (var width in VectorWidths)
            {
                Assert.Throws<CtcAlignmentException>(() => CtcViterbi.Align(emissions, targets, 0, windows, prior, width));
            }

            return;
        }

        foreach (var width in VectorWidths)
        {
            var actual = CtcViterbi.Align(emissions, targets, 0, windows, prior, width);
            Assert.True(expected.TokenIndexPerFrame.SequenceEqual(actual.TokenIndexPerFrame), $"seed {seed}, width {width}: paths differ");
            Assert.True(expected.FrameLogProb.SequenceEqual(actual.FrameLogProb), $"seed {seed}, width {width}: frame log-probabilities differ");
            Assert.Equal(expected.TotalLogProb, actual.TotalLogProb);
        }
    }

    /// <summary>
    /// Both kernels where this machine runs both (512-bit vectors accelerated), else the 8-float one; the AVX2-only and
    /// scalar lookups are covered by running the suite with DOTNET_EnableAVX512=0 or DOTNET_EnableAVX2=0.
    /// </summary>
    private static readonly int[] VectorWidths = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? [8, 16] : [8];

    /// <summary>
    /// Emissions of one of three kinds: log-softmax of random logits, coarse values with many exact ties, or values
    /// with some −∞ cells; targets from a small alphabet half of the time, so repeated neighbours are common.
    /// </summary>
    private static (EmissionMatrix Emissions, int[] Targets) RandomInput(
        Random random, int maxFrames, int maxTokens, bool exactSize = false, int? columns = null, int? kind = null)
    {
        var columnCount = columns ?? (random.Next(4) == 0 ? random.Next(33, 41) : random.Next(2, 33));
        var tokens = exactSize ? maxTokens : random.Next(1, maxTokens + 1);
        var alphabet = random.Next(2) == 0 ? Math.Min(2, columnCount - 1) : columnCount - 1;
        var targets = Enumerable.Range(0, tokens).Select(_ => 1 + random.Next(alphabet)).ToArray();
        var needed = CtcViterbi.MinimumFrames(targets);
        var frames = exactSize ? maxFrames : Math.Max(1, needed + random.Next(-2, Math.Max(1, maxFrames - needed)));
        var emissionKind = kind ?? random.Next(3);
        var values = new float[frames * columnCount];
        for (var t = 0; t < frames; t++)
        {
            var row = values.AsSpan(t * columnCount, columnCount);
            for (var c = 0; c < columnCount; c++)
            {
                row[c] = emissionKind switch
                {
                    0 => (float)(random.NextDouble() * 8),
                    1 => -random.Next(0, 4) / 2f,
                    _ => random.Next(10) == 0 ? float.NegativeInfinity : -(float)(random.NextDouble() * 6),
                };
            }

            if (emissionKind == 0)
            {
                var logSum = (float)Math.Log(row.ToArray().Sum(v => Math.Exp(v)));
                for (var c = 0; c < columnCount; c++)
                {
                    row[c] -= logSum;
                }
            }
        }

        return (new EmissionMatrix(values, frames, columnCount), targets);
    }

    /// <summary>Windows shaped like <see cref="LineAnchorWindows"/>'s: lines of tokens share a window, first tokens get a narrower one.</summary>
    private static TokenWindows LineWindows(Random random, int frames, int tokens)
    {
        var first = new int[tokens];
        var end = new int[tokens];
        var token = 0;
        while (token < tokens)
        {
            var count = Math.Min(tokens - token, random.Next(1, 12));
            var centre = (int)((token + (count / 2.0)) * frames / tokens);
            var margin = random.Next(0, Math.Max(2, frames / 8));
            var start = Math.Clamp(centre - (count * frames / tokens / 2) - margin, 0, frames);
            var stop = Math.Clamp(centre + (count * frames / tokens / 2) + margin + 1, start, frames + 2);
            Array.Fill(first, start, token, count);
            Array.Fill(end, stop, token, count);
            end[token] = Math.Min(stop, start + random.Next(1, (2 * margin) + 3));
            token += count;
        }

        return new TokenWindows(first, end);
    }

    private static TokenWindows ArbitraryWindows(Random random, int frames, int tokens)
    {
        var first = Enumerable.Range(0, tokens).Select(_ => random.Next(0, frames + 1)).ToArray();
        var end = first.Select(f => f + random.Next(0, frames + 2)).ToArray();
        return new TokenWindows(first, end);
    }

    private static TokenPositionPrior RandomPrior(Random random, int frames, int tokens)
    {
        var centre = Enumerable.Range(0, tokens).Select(i => (float)((i * frames / (double)tokens) + (random.NextDouble() * 10) - 5)).ToArray();
        var sigma = Enumerable.Range(0, tokens).Select(_ => random.Next(4) == 0 ? 0f : (float)(random.NextDouble() * 6)).ToArray();
        return new TokenPositionPrior(centre, sigma);
    }
}

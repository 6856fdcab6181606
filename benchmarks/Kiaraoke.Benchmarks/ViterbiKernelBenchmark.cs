using BenchmarkDotNet.Attributes;
using Kiaraoke.Alignment;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Benchmarks;

/// <summary>
/// The Viterbi kernel alone, old (<see cref="LegacyCtcViterbi"/>, main before the split-row kernel) against new
/// (<see cref="CtcViterbi"/>) on the same inputs, which must give the same path and total before anything is timed:
/// <list type="bullet">
/// <item>T9000_L1500: 9,000 frames (3 min), 1,500 random targets, 32 columns of random log-softmax, no windows;</item>
/// <item>T21000_L3000: 21,000 frames (7 min), 3,000 random targets, the same kind of emissions;</item>
/// <item>Song7Min_LineTimes: 21,000 frames, 60 lines of about 50 letters (3,000 letters plus the stars the aligner
/// adds), each line sung for 5 s every 6.9 s; windows from <see cref="LineAnchorWindows"/> with the aligner's 1 s
/// margin and the line-spread prior of width 0.08, as <see cref="ForcedAligner"/> builds them.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ViterbiKernelBenchmark
{
    public enum Input
    {
        T9000_L1500,
        T21000_L3000,
        Song7Min_LineTimes,
    }

    [Params(Input.T9000_L1500, Input.T21000_L3000, Input.Song7Min_LineTimes)]
    public Input Case { get; set; }

    private EmissionMatrix _emissions = null!;
    private int[] _targets = null!;
    private TokenWindows? _windows;
    private TokenPositionPrior? _prior;

    [GlobalSetup]
    public void Setup()
    {
        (_emissions, _targets, _windows, _prior) = Build(Case);
        var legacy = LegacyCtcViterbi.Align(_emissions, _targets, 0, _windows, _prior);
        var split = CtcViterbi.Align(_emissions, _targets, 0, _windows, _prior);
        if (!legacy.TokenIndexPerFrame.SequenceEqual(split.TokenIndexPerFrame) || legacy.TotalLogProb != split.TotalLogProb)
        {
            throw new InvalidOperationException($"{Case}: the kernels disagree ({legacy.TotalLogProb} vs {split.TotalLogProb}).");
        }

        Console.WriteLine($"// {Case}: {_emissions.Frames} frames, {_targets.Length} targets, {_emissions.Columns} columns, windows {(_windows is null ? "no" : "yes")}, prior {(_prior is null ? "no" : "yes")}; same path and total {split.TotalLogProb:0.###}");
    }

    [Benchmark(Baseline = true, Description = "old: interleaved states, scalar emission fill")]
    public CtcPath Legacy() => LegacyCtcViterbi.Align(_emissions, _targets, 0, _windows, _prior);

    [Benchmark(Description = "new: split rows, windowed band, pooled")]
    public CtcPath Split() => CtcViterbi.Align(_emissions, _targets, 0, _windows, _prior);

    public static (EmissionMatrix Emissions, int[] Targets, TokenWindows? Windows, TokenPositionPrior? Prior) Build(Input input) => input switch
    {
        Input.T9000_L1500 => (RandomLogSoftmax(9_000, 32, seed: 1), RandomTargets(1_500, 32, seed: 2), null, null),
        Input.T21000_L3000 => (RandomLogSoftmax(21_000, 32, seed: 3), RandomTargets(3_000, 32, seed: 4), null, null),
        _ => SongWithLineTimes(),
    };

    /// <summary>Each row the log-softmax of logits uniform in [0, 8).</summary>
    public static EmissionMatrix RandomLogSoftmax(int frames, int columns, int seed)
    {
        var random = new Random(seed);
        var values = new float[frames * columns];
        for (var t = 0; t < frames; t++)
        {
            var row = values.AsSpan(t * columns, columns);
            var sum = 0.0;
            for (var c = 0; c < columns; c++)
            {
                row[c] = (float)(random.NextDouble() * 8);
                sum += Math.Exp(row[c]);
            }

            var logSum = (float)Math.Log(sum);
            for (var c = 0; c < columns; c++)
            {
                row[c] -= logSum;
            }
        }

        return new EmissionMatrix(values, frames, columns);
    }

    /// <summary>Target ids uniform in [1, columns) (0 is the blank), so about one neighbour pair in 31 repeats.</summary>
    public static int[] RandomTargets(int count, int columns, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(1, columns)).ToArray();
    }

    private static (EmissionMatrix, int[], TokenWindows?, TokenPositionPrior?) SongWithLineTimes()
    {
        const int frames = 21_000;
        const int durationMs = frames * EmissionMatrix.FrameMs;
        var random = new Random(5);
        const string letters = "aieonutsrmkldghybpwcvjzf";
        var lines = new List<LyricLine>();
        for (var l = 0; l < 60; l++)
        {
            var words = new List<LyricWord>();
            for (var characters = 0; characters < 50;)
            {
                var length = Math.Min(50 - characters, random.Next(2, 8));
                words.Add(new LyricWord(new string(Enumerable.Range(0, length).Select(_ => letters[random.Next(letters.Length)]).ToArray())));
                characters += length;
            }

            var startMs = 5_000 + (l * 6_900);
            lines.Add(new LyricLine(words, 0, startMs, startMs + 5_000));
        }

        var lyrics = new Lyrics(lines);
        var vocabulary = AlignmentCoreBenchmark.MmsVocabulary();
        var targets = AlignmentTargets.Build(lyrics.Lines, vocabulary, StarPlacement.EdgesAndLineBreaks);
        var options = new AlignerOptions();
        var windows = LineAnchorWindows.Build(lyrics, targets, frames, options.LineMarginMs / EmissionMatrix.FrameMs, durationMs);
        var prior = LineSpreadPrior.Build(lyrics, targets, durationMs, options.LinePriorWidth);
        return (RandomLogSoftmax(frames, vocabulary.EmissionColumns, seed: 6), targets.Tokens, windows, prior);
    }
}

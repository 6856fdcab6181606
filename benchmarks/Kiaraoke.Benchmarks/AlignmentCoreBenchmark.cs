using BenchmarkDotNet.Attributes;
using Kiaraoke.Alignment;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Benchmarks;

/// <summary>
/// The core without the acoustic model: Viterbi + word spans + timeline on a 3-minute song (9,000 frames of 20 ms)
/// with about 300 words and 1,500 characters. Emissions are synthetic but shaped like a real model's: each
/// character spikes where it is sung, over a noisy background, so the path is realistic rather than degenerate.
/// </summary>
[MemoryDiagnoser]
public class AlignmentCoreBenchmark
{
    private PcmAudio _audio = null!;
    private EmissionMatrix _emissions = null!;
    private Lyrics _lyrics = null!;
    private Lyrics _timedLyrics = null!;
    private ForcedAligner _aligner = null!;
    private int[] _targets = null!;

    [GlobalSetup]
    public void Setup()
    {
        var vocabulary = MmsVocabulary();
        var random = new Random(42);
        const string letters = "aieonutsrmkldghybpwcvjzf";
        var lines = new List<string>();
        var characters = 0;
        var words = 0;
        while (characters < 1_500)
        {
            var line = new List<string>();
            for (var w = 0; w < 6 && characters < 1_500; w++)
            {
                var length = random.Next(2, 8);
                line.Add(new string(Enumerable.Range(0, length).Select(_ => letters[random.Next(letters.Length)]).ToArray()));
                characters += length;
                words++;
            }

            lines.Add(string.Join(' ', line));
        }

        _lyrics = PlainLyricsParser.Parse(string.Join('\n', lines));
        const int frames = 9_000;
        _audio = new PcmAudio(16_000, new float[frames * 320 + 80]);
        var columns = vocabulary.EmissionColumns;
        var data = new float[frames * columns];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = -8f - (float)(random.NextDouble() * 4);
        }

        for (var t = 0; t < frames; t++)
        {
            data[(t * columns) + vocabulary.BlankId] = -0.2f;
            data[(t * columns) + vocabulary.StarId] = 0f;
        }

        var targets = AlignmentTargets.Build(_lyrics.Lines, vocabulary, StarPlacement.EdgesAndLineBreaks);
        var characterTokens = targets.Tokens.Where(t => t != vocabulary.StarId).ToArray();
        var step = (frames - 200) / (double)characterTokens.Length;
        for (var k = 0; k < characterTokens.Length; k++)
        {
            var t = 100 + (int)(k * step);
            data[(t * columns) + characterTokens[k]] = -0.05f;
        }

        // The same lyrics with line times: each line from its first to its last planted letter (an oracle LRC).
        var tokenIndex = 0;
        var timedLines = new List<LyricLine>();
        foreach (var line in _lyrics.Lines)
        {
            var lineLetters = line.Words.Sum(w => w.Text.Length);
            var startMs = (100 + (int)(tokenIndex * step)) * EmissionMatrix.FrameMs;
            var endMs = (100 + (int)((tokenIndex + lineLetters - 1) * step) + 1) * EmissionMatrix.FrameMs;
            timedLines.Add(line with { StartMs = startMs, EndMs = endMs });
            tokenIndex += lineLetters;
        }

        _timedLyrics = new Lyrics(timedLines);
        _emissions = new EmissionMatrix(data, frames, columns);
        _targets = targets.Tokens;
        _aligner = new ForcedAligner(new NoModel(vocabulary.Size), vocabulary, new AlignerOptions());
        Console.WriteLine($"// input: {frames} frames, {_lyrics.WordCount} words ({words}), {characterTokens.Length} characters, {_targets.Length} targets");
    }

    [Benchmark(Description = "Viterbi only")]
    public CtcPath Viterbi() => CtcViterbi.Align(_emissions, _targets);

    [Benchmark(Baseline = true, Description = "Viterbi + word timing + timeline")]
    public object AlignEmissions() => _aligner.AlignEmissions(_audio, _emissions, _lyrics);

    [Benchmark(Description = "... with line times (windows + spread prior)")]
    public object AlignEmissionsWithLineTimes() => _aligner.AlignEmissions(_audio, _emissions, _timedLyrics);

    internal static CtcVocabulary MmsVocabulary()
    {
        string[] tokens = ["<blank>", "<pad>", "</s>", "<unk>", "a", "i", "e", "n", "o", "u", "t", "s", "r", "m", "k", "l", "d", "g", "h", "y", "b", "p", "w", "c", "v", "j", "z", "f", "'", "q", "x"];
        return new CtcVocabulary(tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i));
    }

    private sealed class NoModel(int classes) : Kiaraoke.Alignment.Acoustic.IEmissionModel
    {
        public int Classes => classes;

        public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Emissions are precomputed in this benchmark.");
    }
}

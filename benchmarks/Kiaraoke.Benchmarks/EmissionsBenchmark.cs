using BenchmarkDotNet.Attributes;
using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Benchmarks;

/// <summary>
/// The acoustic model through ONNX Runtime on 180 s of audio (6 windows of 34 s), as the aligner runs it, and the same
/// with the outputs copied to new arrays as before they were pooled (the baseline).
/// Budget for the embedded model: 0.5 s on this project's 2-core machine. The model folder comes from
/// KIARAOKE_BENCH_MODEL (default: models/kiaraoke-ctc-v2 under the repository).
/// </summary>
[MemoryDiagnoser]
public class EmissionsBenchmark
{
    private OnnxEmissionModel _model = null!;
    private float[] _audio = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var directory = Environment.GetEnvironmentVariable("KIARAOKE_BENCH_MODEL") ?? Path.Combine(RepositoryRoot(), "models", "kiaraoke-ctc-v2");
        _model = OnnxEmissionModel.Load(directory, new OnnxModelOptions { IntraOpThreads = Threads });
        var random = new Random(3);
        _audio = new float[180 * 16_000];
        for (var i = 0; i < _audio.Length; i++)
        {
            // A sung-like signal: a wandering tone plus noise, so no layer sees only zeros.
            _audio[i] = (float)((0.2 * Math.Sin(2 * Math.PI * (220 + (60 * Math.Sin(i / 40_000.0))) * i / 16_000)) + (0.02 * ((random.NextDouble() * 2) - 1)));
        }

        Console.WriteLine($"// model {_model.Descriptor.Id}@{_model.Descriptor.Revision}, {EmissionWindowing.FrameCount(_audio.Length, new EmissionOptions())} frames");
    }

    [Benchmark(Description = "emissions, 180 s")]
    public EmissionMatrix Emissions() => EmissionWindowing.Compute(_model, _audio, new EmissionOptions());

    /// <summary>The same through a model that returns its outputs as new arrays (how every call worked before the outputs were pooled).</summary>
    [Benchmark(Baseline = true, Description = "emissions, 180 s, outputs copied to new arrays")]
    public EmissionMatrix EmissionsWithCopiedOutputs() => EmissionWindowing.Compute(new CopyingModel(_model), _audio, new EmissionOptions());

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    /// <summary>Forwards to the ONNX model but leaves <see cref="IEmissionModel.RunInto"/> to the interface's copying default.</summary>
    private sealed class CopyingModel(OnnxEmissionModel inner) : IEmissionModel
    {
        public int Classes => inner.Classes;

        public bool HasVoiceActivity => inner.HasVoiceActivity;

        public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default) =>
            inner.Run(input, batch, samplesPerRow, cancellationToken);

        public (float[] Logits, float[]? VoiceActivity, int Frames) RunWithVoiceActivity(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default) =>
            inner.RunWithVoiceActivity(input, batch, samplesPerRow, cancellationToken);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Kiaraoke.AlignApi.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}

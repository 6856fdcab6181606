using System.Diagnostics;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Telemetry;
using Kiaraoke.Alignment;
using Kiaraoke.Alignment.Timing;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Engines;

/// <summary>Tier 1: the core's <see cref="ForcedAligner"/> on the singleton ONNX session.</summary>
public sealed class CtcAlignmentEngine : IAlignmentEngine
{
    public const string CtcSource = "kiaraoke_ctc";

    private readonly CtcModelProvider _provider;
    private readonly AlignerOptions _alignerOptions;
    private ForcedAligner? _aligner;

    public CtcAlignmentEngine(CtcModelProvider provider, IOptions<AlignmentOptions> options)
    {
        _provider = provider;
        _alignerOptions = new AlignerOptions { OnsetRefinement = options.Value.OnsetRefinement };
    }

    public AlignmentTier Tier => AlignmentTier.Ctc;

    public string Source => CtcSource;

    public string ModelVersion => _provider.Model is { } m ? $"{m.Descriptor.Id}@{m.Descriptor.Revision}" : "none";

    public bool IsAvailable => _provider.IsLoaded;

    public Task<AlignmentResult> AlignAsync(AlignmentJob job, CancellationToken cancellationToken)
    {
        var model = _provider.Model ?? throw new InvalidOperationException(_provider.UnavailableReason ?? "The Tier 1 model is not loaded.");
        var aligner = _aligner ??= new ForcedAligner(model, model.Vocabulary, _alignerOptions);

        // CPU-bound: run it off the request thread; the core checks the token between windows and lines.
        // Spans emissions → viterbi → postprocess hang under the caller's current activity.
        return Task.Run(
            () =>
            {
                using var stages = new StageSpanProgress(Activity.Current);
                return aligner.Align(job.Audio, job.Lyrics, cancellationToken, stages);
            },
            cancellationToken);
    }
}

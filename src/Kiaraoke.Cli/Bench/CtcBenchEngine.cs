using System.Diagnostics;
using Kiaraoke.Alignment;
using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.VoiceActivity;

namespace Kiaraoke.Cli.Bench;

/// <summary>
/// Tier 1 as shipped: the forced aligner with its default options (line times used as anchors when given). The
/// emissions are computed here and handed to <see cref="ForcedAligner.AlignEmissions"/> — the same two steps
/// <see cref="ForcedAligner.Align"/> takes — so the bench can also read the voice activity
/// (<see cref="FrameVoiceActivity.For"/>) the aligner's voice gate sees, for the diagnostic plots.
/// </summary>
internal sealed class CtcBenchEngine(OnnxEmissionModel model, AlignerOptions options) : IBenchEngine
{
    private readonly ForcedAligner _aligner = new(model, model.Vocabulary, options);

    public string Name => "ctc";

    public string ModelId => model.Descriptor.Id;

    public string ModelSha256 => model.Descriptor.Sha256;

    public BenchAlignment Align(GoldenSong song, PcmAudio audio, Lyrics lyrics, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var emissions = EmissionWindowing.Compute(model, audio.Samples, options.Emissions, cancellationToken);
        var emissionTime = clock.Elapsed;
        var result = _aligner.AlignEmissions(audio, emissions, lyrics, emissionTime, cancellationToken);
        return new BenchAlignment(result, FrameVoiceActivity.For(emissions, model.Vocabulary.BlankId));
    }
}

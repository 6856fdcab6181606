using Kiaraoke.Alignment;
using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Cli.Bench;

/// <summary>Tier 1 as shipped: the forced aligner with its default options (line times used as anchors when given).</summary>
internal sealed class CtcBenchEngine(OnnxEmissionModel model, AlignerOptions options) : IBenchEngine
{
    private readonly ForcedAligner _aligner = new(model, model.Vocabulary, options);

    public string Name => "ctc";

    public string ModelId => model.Descriptor.Id;

    public string ModelSha256 => model.Descriptor.Sha256;

    public AlignmentResult Align(PcmAudio audio, Lyrics lyrics, CancellationToken cancellationToken) =>
        _aligner.Align(audio, lyrics, cancellationToken);
}

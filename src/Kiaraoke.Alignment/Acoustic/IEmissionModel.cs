namespace Kiaraoke.Alignment.Acoustic;

/// <summary>
/// A wav2vec2-style CTC acoustic model: raw 16 kHz samples in, pre-softmax logits out, one frame per 20 ms with
/// T = floor((N − 400) / 320) + 1. Implementations must be safe to call from several threads at once.
/// </summary>
public interface IEmissionModel
{
    /// <summary>Number of logits per frame (the vocabulary size).</summary>
    int Classes { get; }

    /// <summary>True when the model also outputs a per-frame voice-activity probability.</summary>
    bool HasVoiceActivity => false;

    /// <summary>
    /// Runs the model on <paramref name="batch"/> rows of <paramref name="samplesPerRow"/> samples each (row-major,
    /// the first batch × samplesPerRow values of <paramref name="input"/>, which may be a longer pooled buffer) and
    /// returns logits row-major [batch × frames × classes] with the frame count.
    /// </summary>
    (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="Run"/>, in the same single pass also the voice-activity probabilities row-major [batch × frames]
    /// when the model has them (null otherwise).
    /// </summary>
    (float[] Logits, float[]? VoiceActivity, int Frames) RunWithVoiceActivity(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
    {
        var (logits, frames) = Run(input, batch, samplesPerRow, cancellationToken);
        return (logits, null, frames);
    }
}

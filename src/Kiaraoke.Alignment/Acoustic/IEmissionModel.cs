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

    /// <summary>
    /// As <see cref="RunWithVoiceActivity"/>, writing the outputs into the caller's buffers (which may be longer pooled
    /// arrays) instead of new ones: logits row-major [batch × frames × classes] into <paramref name="logits"/>, the
    /// voice activity [batch × frames] into <paramref name="voiceActivity"/> when both the model and the caller have
    /// one. An output too large for its buffer is not written: callers check the returned frame count first.
    /// </summary>
    (int Frames, bool WroteVoiceActivity) RunInto(float[] input, int batch, int samplesPerRow, float[] logits, float[]? voiceActivity, CancellationToken cancellationToken = default)
    {
        var (modelLogits, modelVoice, frames) = RunWithVoiceActivity(input, batch, samplesPerRow, cancellationToken);
        return (frames, WriteOutputs(modelLogits, modelVoice, logits, voiceActivity));
    }

    /// <summary>
    /// <see cref="RunInto"/>'s copy rule, for every implementation: each output is written only when it fits its
    /// buffer; the voice activity only when the model gave one (non-empty) and the caller asked for it. Returns
    /// whether the voice activity was written.
    /// </summary>
    static bool WriteOutputs(ReadOnlySpan<float> modelLogits, ReadOnlySpan<float> modelVoice, float[] logits, float[]? voiceActivity)
    {
        if (modelLogits.Length <= logits.Length)
        {
            modelLogits.CopyTo(logits);
        }

        if (voiceActivity is null || modelVoice.IsEmpty || modelVoice.Length > voiceActivity.Length)
        {
            return false;
        }

        modelVoice.CopyTo(voiceActivity);
        return true;
    }
}

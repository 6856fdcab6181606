using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.VoiceActivity;

/// <summary>
/// The per-frame probability that a lead voice sounds, on the emission frames' grid. A model with a voice-activity
/// head gives it directly (<see cref="EmissionMatrix.VoiceActivity"/>); for any other CTC model it is derived from the
/// emissions: 1 − P(blank) is the probability mass the model puts on letters, near 0 where nobody sings. A peaky CTC
/// model also emits blank on most frames inside sung words (a letter spikes for a frame or two), so the derived value
/// is averaged over ±<see cref="DerivedSmoothingFrames"/> frames: a line keeps a modest level, a break stays near 0.
/// </summary>
public static class FrameVoiceActivity
{
    public const int DerivedSmoothingFrames = 10;

    /// <summary>The model's own voice activity when it has one; otherwise <see cref="Derive"/>.</summary>
    public static float[] For(EmissionMatrix emissions, int blankId) =>
        emissions.VoiceActivity ?? Derive(emissions, blankId, DerivedSmoothingFrames);

    /// <summary>1 − P(blank) per frame, averaged over a centred window of 2·<paramref name="smoothingFrames"/> + 1 frames (clipped at the edges).</summary>
    public static float[] Derive(EmissionMatrix emissions, int blankId, int smoothingFrames)
    {
        if (blankId < 0 || blankId >= emissions.Columns - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(blankId), $"Blank id {blankId} is not a label column of the emissions.");
        }

        var frames = emissions.Frames;
        var raw = new double[frames];
        for (var t = 0; t < frames; t++)
        {
            raw[t] = 1 - Math.Exp(emissions[t, blankId]);
        }

        // Running sum: prefix[t] = raw[0] + … + raw[t − 1].
        var prefix = new double[frames + 1];
        for (var t = 0; t < frames; t++)
        {
            prefix[t + 1] = prefix[t] + raw[t];
        }

        var activity = new float[frames];
        for (var t = 0; t < frames; t++)
        {
            var from = Math.Max(0, t - smoothingFrames);
            var to = Math.Min(frames, t + smoothingFrames + 1);
            activity[t] = (float)Math.Clamp((prefix[to] - prefix[from]) / (to - from), 0, 1);
        }

        return activity;
    }
}

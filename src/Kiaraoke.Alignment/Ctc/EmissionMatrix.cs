using Kiaraoke.Alignment.Audio;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// Per-frame natural-log probabilities, row-major [frames × columns], frame t covering samples [320t, 320t+400)
/// (20 ms hop). The last column is the <c>&lt;star&gt;</c> wildcard: 0.0 at every frame as the emissions are computed,
/// or <see cref="AlignerOptions.StarLogProb"/> once the aligner has set its score.
/// </summary>
public sealed class EmissionMatrix
{
    /// <summary>Hop between frames in samples at <see cref="PcmAudio.ModelSampleRate"/> (one <see cref="FrameMs"/>).</summary>
    public const int HopSamples = 320;

    /// <summary>Samples seen by the first frame (25 ms).</summary>
    public const int ReceptiveFieldSamples = 400;

    /// <summary>
    /// Length of one frame in milliseconds (20 ms): the one definition every ms ↔ frame conversion uses.
    /// </summary>
    public const int FrameMs = HopSamples * 1000 / PcmAudio.ModelSampleRate;

    public EmissionMatrix(float[] logProbs, int frames, int columns)
    {
        if (frames < 0 || columns <= 0 || logProbs.Length != (long)frames * columns)
        {
            throw new ArgumentException($"Emission buffer of {logProbs.Length} values does not hold {frames} frames × {columns} columns.");
        }

        LogProbs = logProbs;
        Frames = frames;
        Columns = columns;
    }

    public float[] LogProbs { get; }

    public int Frames { get; }

    public int Columns { get; }

    /// <summary>
    /// Per-frame probability that a lead voice sounds (one value per frame), from the model's own voice-activity
    /// head when it has one; null when the model has none (see <see cref="Kiaraoke.Alignment.VoiceActivity.FrameVoiceActivity"/>).
    /// </summary>
    public float[]? VoiceActivity
    {
        get => _voiceActivity;
        init
        {
            if (value is not null && value.Length != Frames)
            {
                throw new ArgumentException($"Voice activity of {value.Length} frames does not match the {Frames} emission frames.");
            }

            _voiceActivity = value;
        }
    }

    private readonly float[]? _voiceActivity;

    public float this[int frame, int column] => LogProbs[(frame * Columns) + column];

    public ReadOnlySpan<float> Row(int frame) => LogProbs.AsSpan(frame * Columns, Columns);

    /// <summary>Frames of a single pass over <paramref name="samples"/> samples: floor((N − 400) / 320) + 1, or 0 when N &lt; 400.</summary>
    public static int FramesFor(long samples) =>
        samples < ReceptiveFieldSamples ? 0 : (int)(((samples - ReceptiveFieldSamples) / HopSamples) + 1);
}

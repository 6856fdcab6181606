namespace Kiaraoke.Alignment.Audio;

/// <summary>Mono floating-point audio in [-1, 1) at a known sample rate. Decoded once per alignment and shared by every stage.</summary>
public sealed record PcmAudio(int SampleRate, float[] Samples)
{
    /// <summary>The sample rate every acoustic model of this project expects.</summary>
    public const int ModelSampleRate = 16_000;

    public int SampleCount => Samples.Length;

    public double DurationSeconds => (double)Samples.Length / SampleRate;

    /// <summary>Duration rounded down to whole milliseconds: the upper bound of every word time.</summary>
    public int DurationMs => (int)((long)Samples.Length * 1000 / SampleRate);
}

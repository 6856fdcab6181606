namespace Kiaraoke.AlignApi.Tests.Fallbacks;

/// <summary>Writes a small 16-bit PCM WAV (a tone) to a temporary file, deleted on dispose.</summary>
internal sealed class TestAudio : IDisposable
{
    public TestAudio(double seconds, int sampleRate = 44_100, int channels = 2)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"kiaraoke-test-{Guid.NewGuid():N}.wav");
        DurationSeconds = seconds;
        var frames = (int)(seconds * sampleRate);
        using var writer = new BinaryWriter(File.Create(Path));
        var dataBytes = frames * channels * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)channels);
        writer.Write(sampleRate);
        writer.Write(sampleRate * channels * 2);
        writer.Write((short)(channels * 2));
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        for (var i = 0; i < frames; i++)
        {
            var sample = (short)(8_000 * Math.Sin(2 * Math.PI * 440 * i / sampleRate));
            for (var c = 0; c < channels; c++)
            {
                writer.Write(sample);
            }
        }
    }

    public string Path { get; }

    public double DurationSeconds { get; }

    public void Dispose() => File.Delete(Path);
}

namespace Kiaraoke.Alignment.Tests.Support;

/// <summary>Writes 16-bit PCM mono WAV files for tests.</summary>
internal static class WavFile
{
    public static void Write(string path, float[] samples, int sampleRate = 16_000)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        var dataBytes = samples.Length * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVE"u8);
        writer.Write("fmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(sampleRate);
        writer.Write(sampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        foreach (var s in samples)
        {
            writer.Write((short)Math.Clamp(Math.Round(s * 32767.0), short.MinValue, short.MaxValue));
        }
    }
}

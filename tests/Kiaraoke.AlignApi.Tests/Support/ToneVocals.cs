using System.Text;

namespace Kiaraoke.AlignApi.Tests.Support;

/// <summary>
/// Synthesises "vocals" the tone test model reads exactly: each letter is a sine at 400 + 100·(id − 4) Hz (MMS ids),
/// words are separated by silence, so every word's true start and end are known.
/// </summary>
internal sealed class ToneVocals
{
    private const int SampleRate = 16_000;

    private ToneVocals(byte[] wav, IReadOnlyList<(string Word, int StartMs, int EndMs)> words)
    {
        Wav = wav;
        Words = words;
    }

    public byte[] Wav { get; }

    public IReadOnlyList<(string Word, int StartMs, int EndMs)> Words { get; }

    public static ToneVocals Sing(IReadOnlyList<string> lines, int leadMs = 600, int letterMs = 80, int wordGapMs = 200, int lineGapMs = 800, int tailMs = 600)
    {
        var samples = new List<short>();
        var words = new List<(string, int, int)>();
        void Silence(int ms) => samples.AddRange(new short[ms * SampleRate / 1000]);

        Silence(leadMs);
        for (var l = 0; l < lines.Count; l++)
        {
            if (l > 0)
            {
                Silence(lineGapMs);
            }

            var lineWords = lines[l].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var w = 0; w < lineWords.Length; w++)
            {
                if (w > 0)
                {
                    Silence(wordGapMs);
                }

                var start = samples.Count * 1000 / SampleRate;
                char? previous = null;
                foreach (var c in lineWords[w].ToLowerInvariant())
                {
                    var index = "aientusrmkldghybpwcvjzf'qx".IndexOf(c, StringComparison.Ordinal);
                    if (index < 0)
                    {
                        continue;
                    }

                    if (c == previous)
                    {
                        Silence(40);
                    }

                    Tone(samples, Frequency(c), letterMs);
                    previous = c;
                }

                words.Add((lineWords[w], start, samples.Count * 1000 / SampleRate));
            }
        }

        Silence(tailMs);
        return new ToneVocals(ToWav(samples), words);
    }

    /// <summary>Plain noise-free silence of the given length (a valid WAV the model aligns nothing on).</summary>
    public static byte[] Silent(int ms) => ToWav(new short[ms * SampleRate / 1000]);

    public string WriteTo(string path)
    {
        File.WriteAllBytes(path, Wav);
        return path;
    }

    private static double Frequency(char c)
    {
        var id = c switch
        {
            'a' => 4, 'i' => 5, 'e' => 6, 'n' => 7, 'o' => 8, 'u' => 9, 't' => 10, 's' => 11, 'r' => 12, 'm' => 13,
            'k' => 14, 'l' => 15, 'd' => 16, 'g' => 17, 'h' => 18, 'y' => 19, 'b' => 20, 'p' => 21, 'w' => 22,
            'c' => 23, 'v' => 24, 'j' => 25, 'z' => 26, 'f' => 27, '\'' => 28, 'q' => 29, 'x' => 30,
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };
        return 400 + (100 * (id - 4));
    }

    private static void Tone(List<short> samples, double frequency, int ms)
    {
        var count = ms * SampleRate / 1000;
        var phase0 = samples.Count;
        for (var i = 0; i < count; i++)
        {
            samples.Add((short)(0.4 * short.MaxValue * Math.Sin(2 * Math.PI * frequency * (phase0 + i) / SampleRate)));
        }
    }

    private static byte[] ToWav(IReadOnlyList<short> samples)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.ASCII);
        var dataBytes = samples.Count * 2;
        writer.Write("RIFF"u8.ToArray());
        writer.Write(36 + dataBytes);
        writer.Write("WAVE"u8.ToArray());
        writer.Write("fmt "u8.ToArray());
        writer.Write(16);
        writer.Write((short)1);          // PCM
        writer.Write((short)1);          // mono
        writer.Write(SampleRate);
        writer.Write(SampleRate * 2);    // byte rate
        writer.Write((short)2);          // block align
        writer.Write((short)16);         // bits per sample
        writer.Write("data"u8.ToArray());
        writer.Write(dataBytes);
        foreach (var s in samples)
        {
            writer.Write(s);
        }

        writer.Flush();
        return stream.ToArray();
    }
}

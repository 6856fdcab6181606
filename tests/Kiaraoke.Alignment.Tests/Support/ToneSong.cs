using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Support;

/// <summary>
/// "Sings" lyrics for the tone test model: each character (MMS vocabulary id k) is a sine at 400 + 100·(k − 4) Hz,
/// so the exact start and end of every word is known in samples.
/// </summary>
internal sealed class ToneSong
{
    private static readonly string Alphabet = "aieonutsrmklogdhybpwcvjzf'qx";

    public required float[] Samples { get; init; }

    public required Lyrics Lyrics { get; init; }

    /// <summary>True start and end of each word in milliseconds.</summary>
    public required IReadOnlyList<(double StartMs, double EndMs)> WordTimes { get; init; }

    public static int CharacterId(char c) => c switch
    {
        'a' => 4, 'i' => 5, 'e' => 6, 'n' => 7, 'o' => 8, 'u' => 9, 't' => 10, 's' => 11, 'r' => 12, 'm' => 13,
        'k' => 14, 'l' => 15, 'd' => 16, 'g' => 17, 'h' => 18, 'y' => 19, 'b' => 20, 'p' => 21, 'w' => 22,
        'c' => 23, 'v' => 24, 'j' => 25, 'z' => 26, 'f' => 27, '\'' => 28, 'q' => 29, 'x' => 30,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    public static double Frequency(char c) => 400 + (100 * (CharacterId(c) - 4));

    /// <summary>
    /// Builds a song from lines of words. Each character lasts <paramref name="charMs"/>, words are separated by
    /// <paramref name="wordGapMs"/> of silence and lines by <paramref name="lineGapMs"/>. Identical neighbouring
    /// characters get a short silence so CTC can tell them apart. Words may contain punctuation or unsingable
    /// tokens: only a–z and the apostrophe are sung.
    /// </summary>
    public static ToneSong Create(
        IReadOnlyList<string> lines,
        double leadMs = 1_000,
        double charMs = 80,
        double wordGapMs = 200,
        double lineGapMs = 1_000,
        double tailMs = 1_000,
        double amplitude = 0.3,
        Func<int, double>? wordGapFor = null)
    {
        var samples = new List<float>();
        var times = new List<(double, double)>();
        void Silence(double ms) => samples.AddRange(new float[(int)Math.Round(ms * 16)]);

        Silence(leadMs);
        var wordIndex = 0;
        for (var l = 0; l < lines.Count; l++)
        {
            if (l > 0)
            {
                Silence(lineGapMs);
            }

            var words = WordSplitter.Split(lines[l]);
            for (var w = 0; w < words.Count; w++)
            {
                if (w > 0)
                {
                    Silence(wordGapFor?.Invoke(wordIndex) ?? wordGapMs);
                }

                var sung = MmsTextNormalizer.NormalizeWord(words[w]);
                var start = samples.Count / 16.0;
                char? previous = null;
                foreach (var c in sung)
                {
                    if (c == previous)
                    {
                        Silence(40);
                    }

                    var count = (int)Math.Round(charMs * 16);
                    var f = Frequency(c);
                    for (var i = 0; i < count; i++)
                    {
                        samples.Add((float)(amplitude * Math.Sin(2 * Math.PI * f * i / 16_000)));
                    }

                    previous = c;
                }

                var end = samples.Count / 16.0;
                times.Add(sung.Length == 0 ? (double.NaN, double.NaN) : (start, end));
                wordIndex++;
            }
        }

        Silence(tailMs);
        return new ToneSong
        {
            Samples = [.. samples],
            Lyrics = PlainLyricsParser.Parse(string.Join('\n', lines)),
            WordTimes = times,
        };
    }

    /// <summary>Random lyric-like lines of letters from the tone alphabet (seeded).</summary>
    public static List<string> RandomLines(int seed, int lineCount, int minWords = 2, int maxWords = 6)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        for (var l = 0; l < lineCount; l++)
        {
            var words = new List<string>();
            var count = random.Next(minWords, maxWords + 1);
            for (var w = 0; w < count; w++)
            {
                var length = random.Next(1, 7);
                var chars = new char[length];
                for (var i = 0; i < length; i++)
                {
                    chars[i] = Alphabet[random.Next(Alphabet.Length - 3)]; // letters only; apostrophes tested separately
                }

                words.Add(new string(chars));
            }

            lines.Add(string.Join(' ', words));
        }

        return lines;
    }
}

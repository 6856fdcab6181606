using Kiaraoke.Alignment.Formats;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests.Formats;

/// <summary>Timelines the format tests write and read back.</summary>
internal static class Timelines
{
    /// <summary>contracts §5's example: "Bonjour toi", Bonjour 12.000–12.480 s, toi 12.520–13.200 s.</summary>
    public static KaraokeTimeline BonjourToi { get; } = new(
        [Line(("Bonjour", 12_000, 12_480, 0.93), ("toi", 12_520, 13_200, 0.69))],
        DurationMs: 15_000,
        Title: "Salut",
        Artist: "Le Nez Tordu",
        Language: "fr");

    public static AlignedLine Line(params (string Word, int StartMs, int EndMs, double Confidence)[] words)
    {
        var aligned = words.Select(w => new AlignedWord(w.Word, w.StartMs, w.EndMs, w.Confidence)).ToArray();
        return new AlignedLine(aligned[0].StartMs, aligned[^1].EndMs, string.Join(' ', aligned.Select(w => w.Word)), aligned);
    }

    /// <summary>
    /// A contract-valid song of <paramref name="lines"/> lines with odd millisecond times (not on any grid), words that
    /// touch and words with gaps, pauses between lines, French punctuation, starting after an hour when asked.
    /// </summary>
    public static KaraokeTimeline Random(int seed, int lines = 12, int startMs = 3_217)
    {
        var random = new System.Random(seed);
        string[] vocabulary = ["Bonjour", "toi,", "c'est", "précisé", "plus", "haut", "l'été", "«", "ça", "va?", "oui", "déjà-vu", "(x2)", "nuit"];
        var result = new List<AlignedLine>();
        var t = startMs;
        for (var i = 0; i < lines; i++)
        {
            var count = random.Next(1, 8);
            var words = new (string, int, int, double)[count];
            for (var k = 0; k < count; k++)
            {
                var length = random.Next(2, 900);
                words[k] = (vocabulary[random.Next(vocabulary.Length)], t, t + length, Math.Round(random.NextDouble(), 3));
                t += length + (random.Next(3) == 0 ? 0 : random.Next(1, 400));
            }

            result.Add(Line(words));
            t += random.Next(0, 6_000);
        }

        return new KaraokeTimeline(result, DurationMs: t + 1_000, Title: "Chanson " + seed, Artist: "Kiaraoke", Language: "fr");
    }

    /// <summary>The same timeline with every time rounded to the nearest 10 ms (what a centisecond format can hold).</summary>
    public static int Centi(int ms) => (int)Math.Round(ms / 10.0, MidpointRounding.AwayFromZero) * 10;
}

using System.Globalization;
using System.Text;

namespace Kiaraoke.Alignment.Formats;

/// <summary>
/// UltraStar <c>song.txt</c>: headers, then every word as one note (<c>: beat length pitch text</c>) on a grid of
/// quarter-beats of 60 000 / (BPM × 4) ms counted from <c>#GAP</c> (the first word's start), a phrase break
/// (<c>- beat</c>) between lyric lines and <c>E</c> at the end. The pitch is a constant: alignment knows when a word is
/// sung, not on which note. The default BPM, 1500, makes a beat 10 ms, the resolution of LRC and ASS.
/// </summary>
public static class UltraStarWriter
{
    public const double DefaultBpm = 1500;

    /// <summary>The pitch written on every note (0 = middle C in UltraStar's numbering).</summary>
    public const int ConstantPitch = 0;

    public static string Write(KaraokeTimeline timeline, double bpm = DefaultBpm)
    {
        if (!(bpm > 0) || double.IsInfinity(bpm))
        {
            throw new ArgumentOutOfRangeException(nameof(bpm), bpm, "The BPM must be a positive number.");
        }

        var msPerBeat = 60_000.0 / (bpm * 4);
        var gapMs = timeline.Lines.Count == 0 ? 0 : timeline.Lines[0].StartMs;
        var text = new StringBuilder();
        Header(text, "TITLE", timeline.Title ?? "Unknown title");
        Header(text, "ARTIST", timeline.Artist ?? "Unknown artist");
        Header(text, "LANGUAGE", LanguageName(timeline.Language));
        Header(text, "MP3", timeline.AudioFileName ?? "audio.mp3");
        Header(text, "BPM", bpm.ToString("0.###", CultureInfo.InvariantCulture));
        Header(text, "GAP", gapMs.ToString(CultureInfo.InvariantCulture));
        Header(text, "CREATOR", "Kiaraoke.AlignApi");

        int Beat(int ms) => (int)Math.Round((ms - gapMs) / msPerBeat, MidpointRounding.AwayFromZero);

        var freeBeat = 0;
        for (var i = 0; i < timeline.Lines.Count; i++)
        {
            var line = timeline.Lines[i];
            if (i > 0)
            {
                text.Append("- ").Append(freeBeat.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            for (var k = 0; k < line.Words.Count; k++)
            {
                var word = line.Words[k];
                var startBeat = Math.Max(freeBeat, Beat(word.StartMs));
                var endBeat = Math.Max(startBeat + 1, Beat(word.EndMs));
                var syllable = Clean(word.Word) + (k + 1 < line.Words.Count ? " " : string.Empty);
                text.Append(TimeText.Invariant($": {startBeat} {endBeat - startBeat} {ConstantPitch} {syllable}")).Append('\n');
                freeBeat = endBeat;
            }
        }

        text.Append("E\n");
        return text.ToString();
    }

    private static void Header(StringBuilder text, string key, string value) =>
        text.Append('#').Append(key).Append(':').Append(OneLine(value)).Append('\n');

    /// <summary>UltraStar names languages in English ("French"); an unknown code is written as given.</summary>
    private static string LanguageName(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return "Unknown";
        }

        try
        {
            var culture = CultureInfo.GetCultureInfo(code.Trim());
            return culture.IsNeutralCulture || culture.Parent == CultureInfo.InvariantCulture ? culture.EnglishName : culture.Parent.EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return code.Trim();
        }
    }

    // A leading '~' would mean "continues the previous syllable"; spaces inside a word would split it.
    private static string Clean(string word) => OneLine(word).Replace(' ', '\u00A0').TrimStart('~');

    private static string OneLine(string value) => value.Trim().Replace('\r', ' ').Replace('\n', ' ');
}

using Kiaraoke.Alignment.Formats.UltraStar;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Formats;

/// <summary>
/// An UltraStar <c>song.txt</c> back into timed lines, through the project's <see cref="UltraStarReader"/>: each phrase
/// is a line, each word (its syllables joined) keeps its first note's start and last note's end, rounded to whole
/// milliseconds. Title, artist and audio file name come from the headers.
/// </summary>
public static class UltraStarImporter
{
    public static KaraokeTimeline Read(string text)
    {
        UltraStarSong song;
        try
        {
            song = UltraStarReader.Parse(text);
        }
        catch (UltraStarFormatException ex)
        {
            throw new KaraokeFormatException("UltraStar " + ex.Message);
        }

        var lines = song.Lines
            .Select(line =>
            {
                var words = line.Words.Select(w => new AlignedWord(w.Text.Trim(), Ms(w.StartMs), Ms(w.EndMs), 1.0)).ToArray();
                return new AlignedLine(words[0].StartMs, words[^1].EndMs, string.Join(' ', words.Select(w => w.Word)), words);
            })
            .ToArray();
        return new KaraokeTimeline(
            lines,
            Title: string.IsNullOrWhiteSpace(song.Title) ? null : song.Title,
            Artist: string.IsNullOrWhiteSpace(song.Artist) ? null : song.Artist,
            AudioFileName: song.AudioFileName);
    }

    private static int Ms(double ms) => (int)Math.Round(ms, MidpointRounding.AwayFromZero);
}

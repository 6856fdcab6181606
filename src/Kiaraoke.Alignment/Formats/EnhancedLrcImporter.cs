using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Formats;

/// <summary>
/// Reads a fully word-tagged Enhanced LRC (ours, after a person corrected it) back into timed lines, through the
/// project's <see cref="LrcParser"/> (offset and repeated tags included). Each word ends where the next word of its
/// line starts; a line's last word ends at the line's end (its trailing word tag, else the next line's tag). A word
/// without a tag is an error: a correction must time every word.
/// </summary>
public static class EnhancedLrcImporter
{
    public static KaraokeTimeline Read(string text)
    {
        Lyrics lyrics;
        try
        {
            lyrics = LrcParser.Parse(text);
        }
        catch (LyricsFormatException ex)
        {
            throw new KaraokeFormatException(ex.Message);
        }

        var lines = new List<AlignedLine>(lyrics.Lines.Count);
        for (var i = 0; i < lyrics.Lines.Count; i++)
        {
            var line = lyrics.Lines[i];
            var lineEnd = line.EndMs ?? (i + 1 < lyrics.Lines.Count ? lyrics.Lines[i + 1].StartMs : null)
                ?? throw new KaraokeFormatException($"LRC line {i + 1} ('{line.Text}') has no end: add a <mm:ss.xx> tag after its last word.");
            var words = new AlignedWord[line.Words.Count];
            for (var k = 0; k < words.Length; k++)
            {
                var start = line.Words[k].TaggedStartMs
                    ?? throw new KaraokeFormatException($"LRC line {i + 1} ('{line.Text}'): the word '{line.Words[k].Text}' has no <mm:ss.xx> tag before it.");
                var end = k + 1 < words.Length ? line.Words[k + 1].TaggedStartMs ?? lineEnd : lineEnd;
                words[k] = new AlignedWord(line.Words[k].Text.Trim(), start, end, 1.0);
            }

            lines.Add(new AlignedLine(words[0].StartMs, words[^1].EndMs, line.Text, words));
        }

        return new KaraokeTimeline(lines);
    }
}

using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// A line's last placed word ends where the lyrics say the line's singing ends, when they say it (<see
/// cref="Lyrics.SungEndMs"/>: synced lines with real ends, an imported UltraStar/ASS/TTML file), instead of where the
/// path's last letter spike puts it. A peaky CTC model marks a held last vowel with blank frames, so the path alone
/// ends such a word early; the user's own line end is the better evidence. The end never passes the next placed word's
/// start and never comes before the word's own start plus one frame. Lines whose end is only the next line's start
/// (an LRC), or runs past it (overlapping annotations: a rough span, not a sung end), are left as they are.
/// </summary>
public static class SungLineEnds
{
    /// <summary>Returns a copy of <paramref name="words"/> (one per lyric word, in order) with the line-final ends moved.</summary>
    public static ProvisionalWord[] Apply(Lyrics lyrics, IReadOnlyList<ProvisionalWord> words, int minimumWordMs)
    {
        if (words.Count != lyrics.WordCount)
        {
            throw new ArgumentException($"{words.Count} provisional words for {lyrics.WordCount} lyric words.");
        }

        var result = words.ToArray();
        var firstWord = 0;
        for (var line = 0; line < lyrics.Lines.Count; line++)
        {
            var count = lyrics.Lines[line].Words.Count;
            if (lyrics.SungEndMs(line) is { } sungEndMs && !OverlapsNextLine(lyrics, line, sungEndMs) && LastPlaced(result, firstWord, count) is { } last)
            {
                var word = result[last];
                var startMs = word.StartMs!.Value;
                var limitMs = NextPlacedStartMs(result, last) ?? int.MaxValue;
                var endMs = Math.Min(Math.Max(sungEndMs, startMs + minimumWordMs), limitMs);
                if (endMs > startMs)
                {
                    result[last] = word with { EndMs = endMs };
                }
            }

            firstWord += count;
        }

        return result;
    }

    // An end past the next line's start is an annotation's rough span (overlapping lines), not where the singing stops.
    private static bool OverlapsNextLine(Lyrics lyrics, int line, int sungEndMs) =>
        lyrics.Lines.Skip(line + 1).FirstOrDefault(l => l.StartMs is not null)?.StartMs is { } nextStartMs && nextStartMs < sungEndMs;

    private static int? LastPlaced(ProvisionalWord[] words, int from, int count)
    {
        for (var i = from + count - 1; i >= from; i--)
        {
            if (words[i] is { Timing: WordTimingSource.Acoustic, StartMs: not null, EndMs: not null })
            {
                return i;
            }
        }

        return null;
    }

    private static int? NextPlacedStartMs(ProvisionalWord[] words, int word)
    {
        for (var i = word + 1; i < words.Length; i++)
        {
            if (words[i].StartMs is { } startMs)
            {
                return startMs;
            }
        }

        return null;
    }
}

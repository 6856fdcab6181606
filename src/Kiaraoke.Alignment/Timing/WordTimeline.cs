using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// Turns provisional word times into the final, contract-valid timeline: words with nothing to align are
/// interpolated between their neighbours on the same line (confidence 0) — never across a line break, so an unsung
/// word at a line's edge takes at most <see cref="UnalignedSlotMs"/> beside its aligned neighbour instead of a whole
/// instrumental break — then starts are made strictly increasing, every word gets end &gt; start, no word overlaps
/// the next and nothing ends after the audio.
/// </summary>
public static class WordTimeline
{
    /// <summary>The most time an interpolated word gets when one side of it is a line edge, not an aligned word.</summary>
    public const int UnalignedSlotMs = 300;

    public static IReadOnlyList<AlignedLine> Build(Lyrics lyrics, IReadOnlyList<ProvisionalWord> words, int durationMs)
    {
        var count = lyrics.WordCount;
        if (words.Count != count)
        {
            throw new ArgumentException($"{words.Count} provisional words for {count} lyric words.");
        }

        if (durationMs < 2 * count)
        {
            throw new TimingContractException($"The audio lasts {durationMs} ms, too short to give {count} words distinct times.");
        }

        var start = new double[count];
        var end = new double[count];
        var confidence = new double[count];
        var timing = new WordTimingSource[count];
        for (var i = 0; i < count; i++)
        {
            confidence[i] = words[i].Confidence;
            timing[i] = words[i].Timing;
            start[i] = words[i].StartMs ?? double.NaN;
            end[i] = words[i].EndMs ?? double.NaN;
        }

        var lineOfWord = new int[count];
        var lineStartMs = new int?[lyrics.Lines.Count];
        for (int l = 0, w = 0; l < lyrics.Lines.Count; l++)
        {
            lineStartMs[l] = lyrics.Lines[l].StartMs;
            for (var k = 0; k < lyrics.Lines[l].Words.Count; k++)
            {
                lineOfWord[w++] = l;
            }
        }

        Interpolate(start, end, confidence, timing, lineOfWord, lineStartMs, durationMs);
        var (s, e) = Enforce(start, end, durationMs);

        var lines = new List<AlignedLine>(lyrics.Lines.Count);
        var index = 0;
        foreach (var line in lyrics.Lines)
        {
            var aligned = new AlignedWord[line.Words.Count];
            for (var k = 0; k < aligned.Length; k++, index++)
            {
                aligned[k] = new AlignedWord(line.Words[k].Text.Trim(), s[index], e[index], Math.Round(confidence[index], 3), timing[index]);
            }

            lines.Add(new AlignedLine(aligned[0].StartMs, aligned[^1].EndMs, line.Text, aligned));
        }

        return lines;
    }

    private static void Interpolate(double[] start, double[] end, double[] confidence, WordTimingSource[] timing, int[] lineOfWord, int?[] lineStartMs, int durationMs)
    {
        var count = start.Length;
        var i = 0;
        while (i < count)
        {
            if (!double.IsNaN(start[i]))
            {
                i++;
                continue;
            }

            // A run of unaligned words inside one line.
            var line = lineOfWord[i];
            var runEnd = i;
            while (runEnd < count && double.IsNaN(start[runEnd]) && lineOfWord[runEnd] == line)
            {
                runEnd++;
            }

            var words = runEnd - i;
            var hasBefore = i > 0 && lineOfWord[i - 1] == line;
            var hasAfter = runEnd < count && lineOfWord[runEnd] == line;
            var previousEnd = i == 0 ? 0 : end[i - 1];
            var nextStart = runEnd == count ? durationMs : NextKnownStart(start, runEnd, durationMs);
            double from, to;
            if (hasBefore && hasAfter)
            {
                (from, to) = (previousEnd, start[runEnd]);
            }
            else if (hasBefore)
            {
                from = previousEnd;
                to = Math.Min(nextStart, from + (words * UnalignedSlotMs));
            }
            else if (hasAfter)
            {
                to = start[runEnd];
                from = Math.Max(previousEnd, to - (words * UnalignedSlotMs));
            }
            else
            {
                // A whole line with nothing aligned: at its own time when it has one, else right after the line before.
                from = Math.Max(previousEnd, lineStartMs[line] ?? previousEnd);
                to = Math.Min(nextStart, from + (words * UnalignedSlotMs));
            }

            if (to <= from)
            {
                to = from; // No room: the enforcement pass will make room by trimming neighbours.
            }

            var slot = (to - from) / words;
            for (var k = i; k < runEnd; k++)
            {
                start[k] = from + (slot * (k - i));
                end[k] = start[k] + slot;
                confidence[k] = 0;
                timing[k] = WordTimingSource.Interpolated;
            }

            i = runEnd;
        }
    }

    // The next start already known at or after word `from` (aligned words only; NaN ones are not placed yet).
    private static double NextKnownStart(double[] start, int from, int durationMs)
    {
        for (var k = from; k < start.Length; k++)
        {
            if (!double.IsNaN(start[k]))
            {
                return start[k];
            }
        }

        return durationMs;
    }

    private static (int[] Start, int[] End) Enforce(double[] start, double[] end, int durationMs)
    {
        var count = start.Length;
        var s = new int[count];
        var e = new int[count];
        for (var i = 0; i < count; i++)
        {
            s[i] = (int)Math.Round(Math.Clamp(start[i], 0, durationMs));
            e[i] = (int)Math.Round(Math.Clamp(end[i], 0, durationMs));
        }

        // Starts strictly increasing, forwards; then pulled back so every word fits before the end of the audio.
        for (var i = 1; i < count; i++)
        {
            s[i] = Math.Max(s[i], s[i - 1] + 1);
        }

        var ceiling = durationMs;
        for (var i = count - 1; i >= 0; i--)
        {
            s[i] = Math.Min(s[i], ceiling - 1);
            ceiling = s[i];
        }

        for (var i = 0; i < count; i++)
        {
            var limit = i + 1 < count ? s[i + 1] : durationMs;
            e[i] = Math.Min(Math.Max(e[i], s[i] + 1), limit);
        }

        return (s, e);
    }
}

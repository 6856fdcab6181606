namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// Moves each word start to the nearest detected onset within ±window, never past its neighbours, so the
/// timeline stays ordered. Words without an onset nearby keep their time.
/// </summary>
public static class OnsetSnapper
{
    public static IReadOnlyList<AlignedLine> Snap(IReadOnlyList<AlignedLine> lines, IReadOnlyList<int> onsetsMs, int windowMs)
    {
        if (onsetsMs.Count == 0)
        {
            return lines;
        }

        var words = lines.SelectMany(l => l.Words).ToArray();
        var starts = words.Select(w => w.StartMs).ToArray();
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].Timing != WordTimingSource.Acoustic)
            {
                continue;
            }

            var nearest = Nearest(onsetsMs, starts[i]);
            if (nearest is not { } onset || Math.Abs(onset - starts[i]) > windowMs)
            {
                continue;
            }

            var lower = i > 0 ? starts[i - 1] + 1 : 0;
            var upper = Math.Min(words[i].EndMs - 1, i + 1 < words.Length ? starts[i + 1] - 1 : int.MaxValue);
            if (onset >= lower && onset <= upper)
            {
                starts[i] = onset;
            }
        }

        // One pass rebuilds the lines; a start moved earlier trims the previous word's end so nothing overlaps.
        var result = new List<AlignedLine>(lines.Count);
        var index = 0;
        foreach (var line in lines)
        {
            var snapped = new AlignedWord[line.Words.Count];
            for (var k = 0; k < snapped.Length; k++, index++)
            {
                var limit = index + 1 < words.Length ? starts[index + 1] : int.MaxValue;
                snapped[k] = words[index] with { StartMs = starts[index], EndMs = Math.Min(words[index].EndMs, limit) };
            }

            result.Add(line with { StartMs = snapped[0].StartMs, EndMs = snapped[^1].EndMs, Words = snapped });
        }

        return result;
    }

    private static int? Nearest(IReadOnlyList<int> sorted, int value)
    {
        int lo = 0, hi = sorted.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        int? best = sorted[lo];
        if (lo > 0 && Math.Abs(sorted[lo - 1] - value) <= Math.Abs(sorted[lo] - value))
        {
            best = sorted[lo - 1];
        }

        return best;
    }
}

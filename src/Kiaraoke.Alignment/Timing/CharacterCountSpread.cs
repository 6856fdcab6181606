namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// Spreads words over a time window in proportion to their length in characters (at least one each). The fallback
/// for a line that cannot be aligned acoustically, the baseline the benchmark compares against, and how Tier 2 places
/// lyric words facing ASR speech it could not match.
/// </summary>
public static class CharacterCountSpread
{
    /// <summary>Each word weighs its letters and digits as written (at least one).</summary>
    public static (int StartMs, int EndMs)[] Spread(IReadOnlyList<string> words, int fromMs, int toMs) =>
        SpreadByLength(words.Select(w => Math.Max(1, w.Count(char.IsLetterOrDigit))).ToArray(), fromMs, toMs);

    /// <summary>
    /// Word <c>i</c> gets the share <c>lengths[i] / Σ lengths</c> of [<paramref name="fromMs"/>, <paramref name="toMs"/>],
    /// in order, with no gap; lengths are character counts the caller chose (all positive).
    /// </summary>
    public static (int StartMs, int EndMs)[] SpreadByLength(IReadOnlyList<int> lengths, int fromMs, int toMs)
    {
        var total = (double)lengths.Sum();
        var span = Math.Max(0, toMs - fromMs);
        var result = new (int, int)[lengths.Count];
        var cumulative = 0.0;
        for (var i = 0; i < lengths.Count; i++)
        {
            var start = fromMs + (span * cumulative / total);
            cumulative += lengths[i];
            var end = fromMs + (span * cumulative / total);
            result[i] = ((int)Math.Round(start), (int)Math.Round(end));
        }

        return result;
    }
}

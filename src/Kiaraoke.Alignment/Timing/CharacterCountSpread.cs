namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// Spreads words over a time window in proportion to their length in characters (at least one each). The fallback
/// for a line that cannot be aligned acoustically, and the baseline the benchmark compares against.
/// </summary>
public static class CharacterCountSpread
{
    public static (int StartMs, int EndMs)[] Spread(IReadOnlyList<string> words, int fromMs, int toMs)
    {
        var weights = words.Select(w => Math.Max(1, w.Count(char.IsLetterOrDigit))).ToArray();
        var total = (double)weights.Sum();
        var span = Math.Max(0, toMs - fromMs);
        var result = new (int, int)[words.Count];
        var cumulative = 0.0;
        for (var i = 0; i < words.Count; i++)
        {
            var start = fromMs + (span * cumulative / total);
            cumulative += weights[i];
            var end = fromMs + (span * cumulative / total);
            result[i] = ((int)Math.Round(start), (int)Math.Round(end));
        }

        return result;
    }
}

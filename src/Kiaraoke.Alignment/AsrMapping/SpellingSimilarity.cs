namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>How alike two normalised spellings are: 1 − Levenshtein distance / longer length (0 when either is empty).</summary>
internal static class SpellingSimilarity
{
    public static double Of(string a, string b)
    {
        var longer = Math.Max(a.Length, b.Length);
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        return 1.0 - ((double)Levenshtein(a, b) / longer);
    }

    /// <summary>
    /// <see cref="Of"/>, or 0 when the lengths alone already put it under <paramref name="minimum"/> (no edit distance
    /// computed).
    /// </summary>
    public static double AtLeast(string a, string b, double minimum)
    {
        var longer = Math.Max(a.Length, b.Length);
        return (double)Math.Abs(a.Length - b.Length) / longer > 1 - minimum ? 0 : Of(a, b);
    }

    private static int Levenshtein(string a, string b)
    {
        Span<int> row = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j - 1], above) + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}

using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Cli.Bench;

/// <summary>
/// Pairs annotated words with output words by position after the same normalisation (the MMS romanisation), using
/// an edit-distance alignment of the two word sequences so that a missing, extra or re-split word shifts nothing
/// after it. Returns, for each annotated word, the index of its output word or −1 when it has none.
/// </summary>
internal static class WordMatcher
{
    public static int[] Match(IReadOnlyList<string> reference, IReadOnlyList<string> output)
    {
        var a = reference.Select(Key).ToArray();
        var b = output.Select(Key).ToArray();
        var n = a.Length;
        var m = b.Length;
        var cost = new int[n + 1, m + 1];
        for (var i = 0; i <= n; i++)
        {
            cost[i, 0] = i;
        }

        for (var j = 0; j <= m; j++)
        {
            cost[0, j] = j;
        }

        for (var i = 1; i <= n; i++)
        {
            for (var j = 1; j <= m; j++)
            {
                var substitute = cost[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                cost[i, j] = Math.Min(substitute, Math.Min(cost[i - 1, j], cost[i, j - 1]) + 1);
            }
        }

        var match = new int[n];
        Array.Fill(match, -1);
        int x = n, y = m;
        while (x > 0 && y > 0)
        {
            var same = a[x - 1] == b[y - 1];
            if (cost[x, y] == cost[x - 1, y - 1] + (same ? 0 : 1))
            {
                // A substitution still pairs the words by position: the annotation and the lyric disagree on spelling.
                match[x - 1] = y - 1;
                x--;
                y--;
            }
            else if (cost[x, y] == cost[x - 1, y] + 1)
            {
                x--;
            }
            else
            {
                y--;
            }
        }

        return match;
    }

    private static string Key(string word) => MmsTextNormalizer.NormalizeWord(word);
}

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// Weighted edit-distance alignment of two word sequences on their normalised spellings: lyric words against ASR
/// words. A match costs <c>2·(1 − similarity)</c> when the spellings are at least
/// <see cref="AsrMappingOptions.MinSimilarity"/> alike (else as much as two gaps), a word missing on either side costs
/// one gap, and one word against two (the ASR split or merged a word) costs like a match plus
/// <see cref="AsrMappingOptions.SplitPenalty"/>. Stateless: every buffer belongs to the call.
/// </summary>
internal static class WordSequenceAligner
{
    private const double GapCost = 1.0;

    /// <summary>The cheapest moves from the first words to the last, in that order.</summary>
    public static List<WordStep> Align(IReadOnlyList<string> lyric, IReadOnlyList<string> asr, AsrMappingOptions options)
    {
        var n = lyric.Count;
        var m = asr.Count;
        var width = m + 1;
        var minimum = options.MinSimilarity;
        var moves = new WordMove[(n + 1) * width];
        var rows = new[] { new double[width], new double[width], new double[width] };

        // Word-pair similarities of this row and the previous one: the split steps reuse them instead of recomputing.
        var similarity = new double[width];
        var similarityUp = new double[width];

        // pairs[k] spells words k-1 and k together, for the one-against-two steps.
        var lyricPairs = new string[n];
        var asrPairs = new string[m];
        for (var k = 1; k < n; k++)
        {
            lyricPairs[k] = string.Concat(lyric[k - 1], lyric[k]);
        }

        for (var k = 1; k < m; k++)
        {
            asrPairs[k] = string.Concat(asr[k - 1], asr[k]);
        }

        for (var i = 0; i <= n; i++)
        {
            var row = rows[i % 3];
            var up = rows[(i + 2) % 3];
            var up2 = rows[(i + 1) % 3];
            (similarity, similarityUp) = (similarityUp, similarity);
            for (var j = 0; j <= m; j++)
            {
                if (i == 0 && j == 0)
                {
                    row[0] = 0;
                    moves[0] = WordMove.None;
                    continue;
                }

                var best = double.MaxValue;
                var move = WordMove.None;
                if (i > 0 && j > 0)
                {
                    var s = SpellingSimilarity.AtLeast(lyric[i - 1], asr[j - 1], minimum);
                    similarity[j] = s;
                    Consider(ref best, ref move, up[j - 1] + (s >= minimum ? 2 * GapCost * (1 - s) : 2 * GapCost), WordMove.Match);
                }

                if (i > 0)
                {
                    Consider(ref best, ref move, up[j] + GapCost, WordMove.SkipLyric);
                }

                if (j > 0)
                {
                    Consider(ref best, ref move, row[j - 1] + GapCost, WordMove.SkipAsr);
                }

                if (i > 0 && j > 1)
                {
                    var cost = SplitCost(lyric[i - 1], asrPairs[j - 1], similarity[j - 1], similarity[j], options);
                    Consider(ref best, ref move, up[j - 2] + cost, WordMove.OneToTwo);
                }

                if (i > 1 && j > 0)
                {
                    var cost = SplitCost(asr[j - 1], lyricPairs[i - 1], similarityUp[j], similarity[j], options);
                    Consider(ref best, ref move, up2[j - 1] + cost, WordMove.TwoToOne);
                }

                row[j] = best;
                moves[(i * width) + j] = move;
            }
        }

        return Backtrack(moves, n, m);
    }

    // Follows the chosen moves back from the last pair of words; returns them first to last.
    private static List<WordStep> Backtrack(WordMove[] moves, int n, int m)
    {
        var width = m + 1;
        var steps = new List<WordStep>(n + m);
        var li = n;
        var aj = m;
        while (li > 0 || aj > 0)
        {
            var move = moves[(li * width) + aj];
            steps.Add(new WordStep(move, li - 1, aj - 1));
            (li, aj) = move switch
            {
                WordMove.Match => (li - 1, aj - 1),
                WordMove.SkipLyric => (li - 1, aj),
                WordMove.SkipAsr => (li, aj - 1),
                WordMove.OneToTwo => (li - 1, aj - 2),
                WordMove.TwoToOne => (li - 2, aj - 1),
                _ => throw new InvalidOperationException("Broken alignment trace."),
            };
        }

        steps.Reverse();
        return steps;
    }

    // First strictly better candidate wins, so ties prefer a match over gaps and gaps over splits.
    private static void Consider(ref double best, ref WordMove move, double cost, WordMove candidate)
    {
        if (cost < best - 1e-12)
        {
            best = cost;
            move = candidate;
        }
    }

    // One word against two: only when the pair spells the word better than either piece alone does, so a short word
    // next to a good match is not swallowed by it ("un deux" against "deux").
    private static double SplitCost(string whole, string joined, double firstSimilarity, double secondSimilarity, AsrMappingOptions options)
    {
        var piece = Math.Max(firstSimilarity, secondSimilarity);
        if (piece >= 1)
        {
            return double.PositiveInfinity;
        }

        var similarity = SpellingSimilarity.AtLeast(whole, joined, options.MinSimilarity);
        if (similarity < options.MinSimilarity || similarity <= piece)
        {
            return double.PositiveInfinity;
        }

        return (2 * GapCost * (1 - similarity)) + options.SplitPenalty;
    }
}

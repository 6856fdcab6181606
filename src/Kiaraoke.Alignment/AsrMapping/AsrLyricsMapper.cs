using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>What a transcription became once mapped: the lines to emit and how much of them the ASR really timed.</summary>
public sealed record AsrMappingResult(IReadOnlyList<AlignedLine> Lines, int MatchedWords, int HallucinationsRemoved)
{
    public int WordCount => Lines.Sum(l => l.Words.Count);

    /// <summary>Share of output words whose times come from an ASR word (1 when the ASR words are the output).</summary>
    public double MatchedRatio => WordCount == 0 ? 0 : (double)MatchedWords / WordCount;
}

/// <summary>
/// Tier 2/3 post-processing: turns a Whisper transcription into a contract-valid timeline.
/// <para>
/// With known lyrics the output always carries the lyric words, in order, in their own lines. The ASR words are
/// aligned to them by a weighted edit distance on <see cref="MmsTextNormalizer"/> spellings (match, substitution,
/// a word missing on either side, and one word against two when the ASR split or merged a word). Matched lyric words
/// take the ASR times; unmatched ones facing unrecognised ASR speech are spread over that speech; the rest are
/// interpolated by <see cref="WordTimeline"/>.
/// </para>
/// <para>Without lyrics the ASR words are the output, grouped in lines by ASR segment (or by silences).</para>
/// Hallucination tokens (<see cref="HallucinationFilter"/>) are removed first and never reach the output.
/// Stateless and thread-safe: every buffer belongs to the call.
/// </summary>
public static class AsrLyricsMapper
{
    private const byte None = 0;
    private const byte Match = 1;       // one lyric word, one ASR word
    private const byte SkipLyric = 2;   // a lyric word the ASR did not give
    private const byte SkipAsr = 3;     // an ASR word the lyrics do not have
    private const byte OneToTwo = 4;    // one lyric word, two ASR words (the ASR split it)
    private const byte TwoToOne = 5;    // two lyric words, one ASR word (the ASR merged them)

    private const double GapCost = 1.0;

    public static AsrMappingResult Map(Lyrics? lyrics, AsrTranscript transcript, int durationMs, AsrMappingOptions? options = null)
    {
        options ??= new AsrMappingOptions();
        var withLyrics = lyrics is not null && lyrics.WordCount > 0;
        var floor = withLyrics ? options.ProbabilityFloorWithLyrics : options.ProbabilityFloorWithoutLyrics;

        var heard = new List<HeardWord>(transcript.Words.Count);
        var hallucinations = 0;
        foreach (var word in transcript.Words)
        {
            if (HallucinationFilter.IsHallucination(word.Text))
            {
                hallucinations++;
                continue;
            }

            var probability = word.Probability ?? options.DefaultProbability;
            if (probability < floor)
            {
                continue;
            }

            var start = Math.Clamp(TimeUnits.SecondsToMs(word.StartSeconds), 0, durationMs);
            var end = Math.Clamp(TimeUnits.SecondsToMs(word.EndSeconds), start, durationMs);
            heard.Add(new HeardWord(word.Text.Trim(), MmsTextNormalizer.NormalizeWord(word.Text), start, end, Math.Clamp(probability, 0, 1)));
        }

        heard.Sort(static (a, b) => a.StartMs.CompareTo(b.StartMs));
        return withLyrics
            ? MapOntoLyrics(lyrics!, heard, durationMs, options, hallucinations)
            : FromTranscript(heard, transcript.Segments, durationMs, options, hallucinations);
    }

    /// <summary>Similarity of two normalised spellings: 1 − Levenshtein distance / longer length (0 when either is empty).</summary>
    public static double Similarity(string a, string b)
    {
        var longer = Math.Max(a.Length, b.Length);
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        return 1.0 - ((double)Levenshtein(a, b) / longer);
    }

    private static AsrMappingResult MapOntoLyrics(Lyrics lyrics, List<HeardWord> heard, int durationMs, AsrMappingOptions options, int hallucinations)
    {
        var lyricWords = lyrics.AllWords.ToList();
        var provisional = new ProvisionalWord[lyricWords.Count];
        Array.Fill(provisional, new ProvisionalWord(null, null, 0, WordTimingSource.Interpolated));

        // Only words with something to sing take part; the others are interpolated by the timeline.
        var singable = new List<int>(lyricWords.Count);
        var lyricKeys = new List<string>(lyricWords.Count);
        for (var i = 0; i < lyricWords.Count; i++)
        {
            var key = MmsTextNormalizer.NormalizeWord(lyricWords[i].Text);
            if (key.Length > 0)
            {
                singable.Add(i);
                lyricKeys.Add(key);
            }
        }

        var asr = heard.Where(h => h.Key.Length > 0).ToList();
        var steps = Align(lyricKeys, asr, options);

        var matched = 0;
        var pendingLyrics = new List<int>();
        var pendingAsr = new List<HeardWord>();
        foreach (var step in steps)
        {
            switch (step.Move)
            {
                case Match:
                    var similarity = Similarity(lyricKeys[step.Lyric], asr[step.Asr].Key);
                    if (similarity >= options.MinSimilarity)
                    {
                        Flush(pendingLyrics, pendingAsr, singable, lyricKeys, provisional);
                        provisional[singable[step.Lyric]] = Timed(asr[step.Asr].StartMs, asr[step.Asr].EndMs, asr[step.Asr].Probability * similarity);
                        matched++;
                    }
                    else
                    {
                        pendingLyrics.Add(step.Lyric);
                        pendingAsr.Add(asr[step.Asr]);
                    }

                    break;
                case SkipLyric:
                    pendingLyrics.Add(step.Lyric);
                    break;
                case SkipAsr:
                    pendingAsr.Add(asr[step.Asr]);
                    break;
                case OneToTwo:
                {
                    Flush(pendingLyrics, pendingAsr, singable, lyricKeys, provisional);
                    var first = asr[step.Asr - 1];
                    var second = asr[step.Asr];
                    var sim = Similarity(lyricKeys[step.Lyric], first.Key + second.Key);
                    provisional[singable[step.Lyric]] = Timed(first.StartMs, second.EndMs, Math.Min(first.Probability, second.Probability) * sim);
                    matched++;
                    break;
                }

                case TwoToOne:
                {
                    Flush(pendingLyrics, pendingAsr, singable, lyricKeys, provisional);
                    var word = asr[step.Asr];
                    var firstKey = lyricKeys[step.Lyric - 1];
                    var secondKey = lyricKeys[step.Lyric];
                    var sim = Similarity(firstKey + secondKey, word.Key);
                    var cut = word.StartMs + (int)Math.Round((word.EndMs - word.StartMs) * (double)firstKey.Length / (firstKey.Length + secondKey.Length));
                    provisional[singable[step.Lyric - 1]] = Timed(word.StartMs, cut, word.Probability * sim);
                    provisional[singable[step.Lyric]] = Timed(cut, word.EndMs, word.Probability * sim);
                    matched += 2;
                    break;
                }
            }
        }

        Flush(pendingLyrics, pendingAsr, singable, lyricKeys, provisional);
        return new AsrMappingResult(WordTimeline.Build(lyrics, provisional, durationMs), matched, hallucinations);
    }

    private static ProvisionalWord Timed(int startMs, int endMs, double confidence) =>
        new(startMs, Math.Max(endMs, startMs), Math.Clamp(confidence, 0, 1), WordTimingSource.Acoustic);

    // Lyric words the ASR did not recognise, facing ASR words that match nothing: the singer sang them there, so they
    // are spread over that stretch by length (confidence 0). Without such a stretch the timeline interpolates them.
    private static void Flush(List<int> pendingLyrics, List<HeardWord> pendingAsr, List<int> singable, List<string> keys, ProvisionalWord[] provisional)
    {
        if (pendingLyrics.Count > 0 && pendingAsr.Count > 0)
        {
            var from = pendingAsr.Min(a => a.StartMs);
            var to = pendingAsr.Max(a => a.EndMs);
            var total = pendingLyrics.Sum(i => keys[i].Length);
            double at = from;
            foreach (var i in pendingLyrics)
            {
                var length = (to - from) * (double)keys[i].Length / total;
                provisional[singable[i]] = new ProvisionalWord((int)Math.Round(at), (int)Math.Round(at + length), 0, WordTimingSource.Interpolated);
                at += length;
            }
        }

        pendingLyrics.Clear();
        pendingAsr.Clear();
    }

    /// <summary>Weighted edit-distance alignment; returns the moves from first to last word.</summary>
    private static List<Step> Align(List<string> lyric, List<HeardWord> asr, AsrMappingOptions options)
    {
        var n = lyric.Count;
        var m = asr.Count;
        var width = m + 1;
        var minimum = options.MinSimilarity;
        var moves = new byte[(n + 1) * width];
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
            asrPairs[k] = string.Concat(asr[k - 1].Key, asr[k].Key);
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
                    moves[0] = None;
                    continue;
                }

                var best = double.MaxValue;
                var move = None;
                if (i > 0 && j > 0)
                {
                    var s = BoundedSimilarity(lyric[i - 1], asr[j - 1].Key, minimum);
                    similarity[j] = s;
                    Consider(ref best, ref move, up[j - 1] + (s >= minimum ? 2 * GapCost * (1 - s) : 2 * GapCost), Match);
                }

                if (i > 0)
                {
                    Consider(ref best, ref move, up[j] + GapCost, SkipLyric);
                }

                if (j > 0)
                {
                    Consider(ref best, ref move, row[j - 1] + GapCost, SkipAsr);
                }

                if (i > 0 && j > 1)
                {
                    var cost = SplitCost(lyric[i - 1], asrPairs[j - 1], similarity[j - 1], similarity[j], options);
                    Consider(ref best, ref move, up[j - 2] + cost, OneToTwo);
                }

                if (i > 1 && j > 0)
                {
                    var cost = SplitCost(asr[j - 1].Key, lyricPairs[i - 1], similarityUp[j], similarity[j], options);
                    Consider(ref best, ref move, up2[j - 1] + cost, TwoToOne);
                }

                row[j] = best;
                moves[(i * width) + j] = move;
            }
        }

        var steps = new List<Step>(n + m);
        var li = n;
        var aj = m;
        while (li > 0 || aj > 0)
        {
            var move = moves[(li * width) + aj];
            steps.Add(new Step(move, li - 1, aj - 1));
            (li, aj) = move switch
            {
                Match => (li - 1, aj - 1),
                SkipLyric => (li - 1, aj),
                SkipAsr => (li, aj - 1),
                OneToTwo => (li - 1, aj - 2),
                TwoToOne => (li - 2, aj - 1),
                _ => throw new InvalidOperationException("Broken alignment trace."),
            };
        }

        steps.Reverse();
        return steps;
    }

    // First strictly better candidate wins, so ties prefer a match over gaps and gaps over splits.
    private static void Consider(ref double best, ref byte move, double cost, byte candidate)
    {
        if (cost < best - 1e-12)
        {
            best = cost;
            move = candidate;
        }
    }

    // Similarity, or 0 when the lengths alone already put it under the minimum (no edit distance computed).
    private static double BoundedSimilarity(string a, string b, double minimum)
    {
        var longer = Math.Max(a.Length, b.Length);
        return (double)Math.Abs(a.Length - b.Length) / longer > 1 - minimum ? 0 : Similarity(a, b);
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

        var similarity = BoundedSimilarity(whole, joined, options.MinSimilarity);
        if (similarity < options.MinSimilarity || similarity <= piece)
        {
            return double.PositiveInfinity;
        }

        return (2 * GapCost * (1 - similarity)) + options.SplitPenalty;
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

    private static AsrMappingResult FromTranscript(List<HeardWord> heard, IReadOnlyList<AsrSegment> segments, int durationMs, AsrMappingOptions options, int hallucinations)
    {
        var words = heard.Where(h => h.Text.Any(char.IsLetterOrDigit)).ToList();
        if (words.Count == 0)
        {
            throw new AsrMappingException("The transcription holds no usable word once hallucinations and low-probability words are removed.");
        }

        var lines = new List<LyricLine>();
        var provisional = new List<ProvisionalWord>(words.Count);
        var current = new List<LyricWord>();
        var currentGroup = -1;
        for (var k = 0; k < words.Count; k++)
        {
            var word = words[k];
            var group = segments.Count > 0
                ? SegmentOf(word, segments)
                : (k > 0 && word.StartMs - words[k - 1].EndMs > options.LineGapMs ? currentGroup + 1 : Math.Max(currentGroup, 0));
            if (group != currentGroup && current.Count > 0)
            {
                lines.Add(new LyricLine(current.ToArray(), 0));
                current.Clear();
            }

            currentGroup = group;
            current.Add(new LyricWord(word.Text));
            provisional.Add(Timed(word.StartMs, word.EndMs, word.Probability));
        }

        lines.Add(new LyricLine(current.ToArray(), 0));
        var timeline = WordTimeline.Build(new Lyrics(lines), provisional, durationMs);
        return new AsrMappingResult(timeline, words.Count, hallucinations);
    }

    // The segment whose span holds the word's middle, else the last one starting before it.
    private static int SegmentOf(HeardWord word, IReadOnlyList<AsrSegment> segments)
    {
        var mid = (word.StartMs + word.EndMs) / 2000.0;
        var before = 0;
        for (var s = 0; s < segments.Count; s++)
        {
            if (mid >= segments[s].StartSeconds && mid <= segments[s].EndSeconds)
            {
                return s;
            }

            if (segments[s].StartSeconds <= mid)
            {
                before = s;
            }
        }

        return before;
    }

    private readonly record struct HeardWord(string Text, string Key, int StartMs, int EndMs, double Probability);

    private readonly record struct Step(byte Move, int Lyric, int Asr);
}

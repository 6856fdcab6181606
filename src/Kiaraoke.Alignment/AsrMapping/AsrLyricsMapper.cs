using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// Tier 2/3 post-processing: turns a Whisper transcription into a contract-valid timeline.
/// <para>
/// With known lyrics the output always carries the lyric words, in order, in their own lines. The ASR words are
/// aligned to them by a weighted edit distance on <see cref="MmsTextNormalizer"/> spellings
/// (<see cref="WordSequenceAligner"/>: match, substitution, a word missing on either side, and one word against two
/// when the ASR split or merged a word). Matched lyric words
/// take the ASR times; unmatched ones facing unrecognised ASR speech are spread over that speech; the rest are
/// interpolated by <see cref="WordTimeline"/>.
/// </para>
/// <para>Without lyrics the ASR words are the output, grouped in lines by ASR segment (or by silences).</para>
/// Hallucination tokens (<see cref="HallucinationFilter"/>) are removed first and never reach the output.
/// Stateless and thread-safe: every buffer belongs to the call.
/// </summary>
public static class AsrLyricsMapper
{
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
        var steps = WordSequenceAligner.Align(lyricKeys, asr.ConvertAll(h => h.Key), options);

        var matched = 0;
        var pendingLyrics = new List<int>();
        var pendingAsr = new List<HeardWord>();
        foreach (var step in steps)
        {
            switch (step.Move)
            {
                case WordMove.Match:
                    var similarity = SpellingSimilarity.Of(lyricKeys[step.Lyric], asr[step.Asr].Key);
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
                case WordMove.SkipLyric:
                    pendingLyrics.Add(step.Lyric);
                    break;
                case WordMove.SkipAsr:
                    pendingAsr.Add(asr[step.Asr]);
                    break;
                case WordMove.OneToTwo:
                {
                    Flush(pendingLyrics, pendingAsr, singable, lyricKeys, provisional);
                    var first = asr[step.Asr - 1];
                    var second = asr[step.Asr];
                    var sim = SpellingSimilarity.Of(lyricKeys[step.Lyric], first.Key + second.Key);
                    provisional[singable[step.Lyric]] = Timed(first.StartMs, second.EndMs, Math.Min(first.Probability, second.Probability) * sim);
                    matched++;
                    break;
                }

                case WordMove.TwoToOne:
                {
                    Flush(pendingLyrics, pendingAsr, singable, lyricKeys, provisional);
                    var word = asr[step.Asr];
                    var firstKey = lyricKeys[step.Lyric - 1];
                    var secondKey = lyricKeys[step.Lyric];
                    var sim = SpellingSimilarity.Of(firstKey + secondKey, word.Key);
                    var cutMs = word.StartMs + (int)Math.Round((word.EndMs - word.StartMs) * (double)firstKey.Length / (firstKey.Length + secondKey.Length));
                    provisional[singable[step.Lyric - 1]] = Timed(word.StartMs, cutMs, word.Probability * sim);
                    provisional[singable[step.Lyric]] = Timed(cutMs, word.EndMs, word.Probability * sim);
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
    // are spread over that stretch by the length of their normalised spelling (confidence 0). Without such a stretch
    // the timeline interpolates them.
    private static void Flush(List<int> pendingLyrics, List<HeardWord> pendingAsr, List<int> singable, List<string> keys, ProvisionalWord[] provisional)
    {
        if (pendingLyrics.Count > 0 && pendingAsr.Count > 0)
        {
            var fromMs = pendingAsr.Min(a => a.StartMs);
            var toMs = pendingAsr.Max(a => a.EndMs);
            var times = CharacterCountSpread.SpreadByLength(pendingLyrics.ConvertAll(i => keys[i].Length), fromMs, toMs);
            for (var k = 0; k < times.Length; k++)
            {
                provisional[singable[pendingLyrics[k]]] = new ProvisionalWord(times[k].StartMs, times[k].EndMs, 0, WordTimingSource.Interpolated);
            }
        }

        pendingLyrics.Clear();
        pendingAsr.Clear();
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
        var midSeconds = (word.StartMs + word.EndMs) / 2000.0;
        var before = 0;
        for (var s = 0; s < segments.Count; s++)
        {
            if (midSeconds >= segments[s].StartSeconds && midSeconds <= segments[s].EndSeconds)
            {
                return s;
            }

            if (segments[s].StartSeconds <= midSeconds)
            {
                before = s;
            }
        }

        return before;
    }

    private readonly record struct HeardWord(string Text, string Key, int StartMs, int EndMs, double Probability);
}

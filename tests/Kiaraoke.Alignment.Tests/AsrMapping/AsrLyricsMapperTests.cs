using CsCheck;
using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests.AsrMapping;

public sealed class AsrLyricsMapperTests
{
    private const int DurationMs = 60_000;

    private static Lyrics Lyrics(params string[] lines) => PlainLyricsParser.Parse(string.Join('\n', lines));

    private static AsrTranscript Heard(params (string Text, double Start, double End)[] words) =>
        new(words.Select(w => new AsrWord(w.Text, w.Start, w.End, 0.8)).ToArray(), []);

    private static List<AlignedWord> Words(AsrMappingResult mapping) => mapping.Lines.SelectMany(l => l.Words).ToList();

    [Fact]
    public void Matched_words_take_the_asr_times_and_keep_the_lyric_lines()
    {
        var lyrics = Lyrics("Bonjour toi,", "Comment ça va ?");
        var heard = Heard((" bonjour", 1.0, 1.5), (" toi", 1.6, 2.0), (" comment", 3.0, 3.4), (" ca", 3.5, 3.7), (" va", 3.8, 4.2));

        var mapping = AsrLyricsMapper.Map(lyrics, heard, DurationMs);

        Assert.Equal(["Bonjour toi,", "Comment ça va ?"], mapping.Lines.Select(l => l.Text));
        var words = Words(mapping);
        Assert.Equal(["Bonjour", "toi,", "Comment", "ça", "va", "?"], words.Select(w => w.Word));
        Assert.Equal((1_000, 1_500), (words[0].StartMs, words[0].EndMs));
        Assert.Equal((3_500, 3_700), (words[3].StartMs, words[3].EndMs));
        Assert.Equal(WordTimingSource.Acoustic, words[4].Timing);
        Assert.Equal(WordTimingSource.Interpolated, words[5].Timing); // "?" has nothing to sing
        Assert.Equal(0.8, words[0].Confidence, 3);
        Assert.Equal(5, mapping.MatchedWords);
        Assert.Empty(TimingContractValidator.Validate(mapping.Lines, DurationMs));
    }

    [Fact]
    public void Hallucinations_never_reach_the_output_and_extra_asr_words_are_ignored()
    {
        var lyrics = Lyrics("la vie en rose");
        var heard = Heard(("[Musique]", 0, 5), (" ♪", 5, 6), (" la", 6, 6.3), (" vie", 6.3, 6.8), (" euh", 6.8, 7), (" en", 7, 7.2), (" rose", 7.2, 8), ("...", 8, 9));

        var mapping = AsrLyricsMapper.Map(lyrics, heard, DurationMs);

        Assert.Equal(["la", "vie", "en", "rose"], Words(mapping).Select(w => w.Word));
        Assert.Equal(3, mapping.HallucinationsRemoved);
        Assert.Equal(6_000, Words(mapping)[0].StartMs);
        Assert.Equal(8_000, Words(mapping)[3].EndMs);
    }

    [Fact]
    public void A_lyric_word_the_asr_missed_is_interpolated_between_its_neighbours()
    {
        var mapping = AsrLyricsMapper.Map(Lyrics("un deux trois"), Heard((" un", 1, 1.4), (" trois", 3, 3.5)), DurationMs);

        var words = Words(mapping);
        Assert.Equal((1_400, 3_000), (words[1].StartMs, words[1].EndMs));
        Assert.Equal(WordTimingSource.Interpolated, words[1].Timing);
        Assert.Equal(0, words[1].Confidence);
    }

    [Fact]
    public void Misheard_and_accent_free_spellings_still_match()
    {
        var mapping = AsrLyricsMapper.Map(Lyrics("L'été a chanté"), Heard((" l'ete", 2, 2.5), (" a", 2.5, 2.7), (" chanter", 3, 3.6)), DurationMs);

        var words = Words(mapping);
        Assert.All(words, w => Assert.Equal(WordTimingSource.Acoustic, w.Timing));
        Assert.Equal(3_000, words[2].StartMs);
        Assert.True(words[2].Confidence < 0.8); // similarity 6/7 lowers it
    }

    [Fact]
    public void A_word_the_asr_split_takes_both_pieces()
    {
        var mapping = AsrLyricsMapper.Map(Lyrics("Aujourd'hui maman"), Heard((" aujourd", 1, 1.4), (" hui", 1.4, 1.8), (" maman", 2, 2.6)), DurationMs);

        var words = Words(mapping);
        Assert.Equal((1_000, 1_800), (words[0].StartMs, words[0].EndMs));
        Assert.Equal(2_000, words[1].StartMs);
        Assert.Equal(2, mapping.MatchedWords);
    }

    [Fact]
    public void Two_lyric_words_the_asr_merged_share_its_span_by_length()
    {
        var mapping = AsrLyricsMapper.Map(Lyrics("tout doux"), Heard((" toutdoux", 4, 5)), DurationMs);

        var words = Words(mapping);
        Assert.Equal((4_000, 4_500), (words[0].StartMs, words[0].EndMs));
        Assert.Equal((4_500, 5_000), (words[1].StartMs, words[1].EndMs));
    }

    [Fact]
    public void Lyric_words_facing_garbled_asr_are_spread_over_that_stretch()
    {
        var heard = Heard((" il", 1, 1.2), (" blorg", 10, 10.5), (" zzkt", 10.5, 12), (" soleil", 20, 20.6));
        var mapping = AsrLyricsMapper.Map(Lyrics("il pleut souvent soleil"), heard, DurationMs);

        var words = Words(mapping);
        Assert.Equal(10_000, words[1].StartMs);
        Assert.Equal(12_000, words[2].EndMs);
        Assert.Equal(WordTimingSource.Interpolated, words[1].Timing);
        Assert.Equal(20_000, words[3].StartMs);
    }

    [Fact]
    public void Low_probability_asr_words_do_not_time_lyrics()
    {
        var transcript = new AsrTranscript([new AsrWord(" un", 1, 1.5, 0.1), new AsrWord(" deux", 2, 2.5, 0.9)], []);
        var mapping = AsrLyricsMapper.Map(Lyrics("un deux"), transcript, DurationMs);

        Assert.Equal(1, mapping.MatchedWords);
        Assert.Equal(WordTimingSource.Interpolated, Words(mapping)[0].Timing);
    }

    [Fact]
    public void Words_without_probability_get_the_default()
    {
        var transcript = new AsrTranscript([new AsrWord(" un", 1, 1.5)], []);
        var mapping = AsrLyricsMapper.Map(Lyrics("un"), transcript, DurationMs, new AsrMappingOptions { DefaultProbability = 0.9 });
        Assert.Equal(0.9, Words(mapping)[0].Confidence, 3);
    }

    [Fact]
    public void Without_lyrics_the_asr_words_are_the_output_in_segment_lines()
    {
        AsrWord[] words =
        [
            new(" [Music]", 0, 2, 0.9), new(" Hello", 2.0, 2.4, 0.9), new(" world.", 2.5, 3.0, 0.9),
            new(" Again", 5.0, 5.5, 0.9), new(" -", 5.5, 5.6, 0.9), new(" here", 5.6, 6.0, 0.2),
        ];
        AsrSegment[] segments = [new(0, 3.1, " Hello world."), new(4.9, 6.1, " Again here")];

        var mapping = AsrLyricsMapper.Map(null, new AsrTranscript(words, segments), DurationMs);

        Assert.Equal(["Hello world.", "Again"], mapping.Lines.Select(l => l.Text));
        Assert.Equal(1.0, mapping.MatchedRatio);
        Assert.Empty(TimingContractValidator.Validate(mapping.Lines, DurationMs));
    }

    [Fact]
    public void Without_lyrics_or_segments_silences_split_lines()
    {
        var heard = Heard((" one", 1, 1.3), (" two", 1.4, 1.8), (" three", 5, 5.5));
        var mapping = AsrLyricsMapper.Map(null, heard, DurationMs);
        Assert.Equal(["one two", "three"], mapping.Lines.Select(l => l.Text));
    }

    [Fact]
    public void A_transcript_of_hallucinations_alone_is_refused()
    {
        var heard = Heard(("[Musique]", 0, 30), ("♪", 30, 40));
        Assert.Throws<AsrMappingException>(() => AsrLyricsMapper.Map(null, heard, DurationMs));
    }

    [Fact]
    public void An_empty_transcript_still_gives_every_lyric_word()
    {
        var mapping = AsrLyricsMapper.Map(Lyrics("a b", "c"), new AsrTranscript([], []), DurationMs);
        Assert.Equal(["a", "b", "c"], Words(mapping).Select(w => w.Word));
        Assert.Equal(0, mapping.MatchedWords);
        Assert.Empty(TimingContractValidator.Validate(mapping.Lines, DurationMs));
    }

    [Fact]
    public void Any_transcript_gives_every_lyric_word_in_order_in_its_line_and_no_hallucination()
    {
        string[] vocabulary = ["amour", "toujours", "je", "t'aime", "ciel", "bleu", "la", "nuit", "été", "rêve", "chanter", "99", "oh!"];
        var gen =
            from lines in Gen.Int[0, vocabulary.Length - 1].Select(i => vocabulary[i]).Array[1, 6].Array[1, 5]
            from asrCount in Gen.Int[0, 40]
            from asrPicks in Gen.Int[0, vocabulary.Length + 2].Array[asrCount]
            from gaps in Gen.Double[0.05, 3.0].Array[asrCount]
            select (lines, asrPicks, gaps);

        gen.Sample(sample =>
        {
            var (lines, picks, gaps) = sample;
            var lyrics = Lyrics(lines.Select(l => string.Join(' ', l)).ToArray());
            var t = 0.0;
            var asr = new List<AsrWord>();
            for (var i = 0; i < picks.Length; i++)
            {
                var text = picks[i] switch
                {
                    var p when p < vocabulary.Length => " " + vocabulary[p],
                    var p when p == vocabulary.Length => " [Musique]",
                    _ => " ♪",
                };
                asr.Add(new AsrWord(text, t, t + gaps[i], 0.7));
                t += gaps[i] + 0.1;
            }

            // The audio lasts as long as the singing (a song whose words all end in its first 0.2 % is one the
            // timing contract rightly suspects of being in seconds).
            var duration = Math.Max(5_000, (int)(t * 1000) + 1000);
            var mapping = AsrLyricsMapper.Map(lyrics, new AsrTranscript(asr, []), duration);

            Assert.Equal(lyrics.Lines.Select(l => l.Text), mapping.Lines.Select(l => l.Text));
            Assert.Equal(lyrics.Lines.Select(l => l.Words.Select(w => w.Text)), mapping.Lines.Select(l => l.Words.Select(w => w.Word)));
            Assert.DoesNotContain(mapping.Lines.SelectMany(l => l.Words), w => HallucinationFilter.IsHallucination(w.Word));
            Assert.Empty(TimingContractValidator.Validate(mapping.Lines, duration));
        }, iter: 1000);
    }

    [Fact]
    public void A_long_song_maps_quickly()
    {
        var words = Enumerable.Range(0, 1_200).Select(i => $"mot{(char)('a' + (i % 26))}{(char)('a' + (i / 26 % 26))}").ToArray();
        var lyrics = Lyrics(words.Chunk(8).Select(c => string.Join(' ', c)).ToArray());
        var asr = words.Where((_, i) => i % 7 != 0).Select((w, i) => new AsrWord(" " + w, i * 0.2, (i * 0.2) + 0.15, 0.8)).ToArray();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var mapping = AsrLyricsMapper.Map(lyrics, new AsrTranscript(asr, []), 300_000);

        // A guard against quadratic blow-ups, not a benchmark: Debug build, shared CPU. Every pair is similar here
        // ("motab" vs "motcd"), so no cell is pruned by length: the worst case for 1 200 × 1 028 words.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"took {clock.Elapsed}");
        Assert.Equal(asr.Length, mapping.MatchedWords);
    }
}

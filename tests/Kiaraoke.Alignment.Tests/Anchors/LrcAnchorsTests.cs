using System.Globalization;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Quality;
using Kiaraoke.Alignment.Tests.Support;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Tests.Anchors;

/// <summary>LRC as it comes: Enhanced-LRC word tags as anchors, a whole-file offset found and undone, unmet anchors reported.</summary>
public sealed class LrcAnchorsTests(ToneModelFixture fixture) : IClassFixture<ToneModelFixture>
{
    private const int FrameMs = 20;

    private static readonly AlignerOptions Tight = new() { StartPaddingMs = 0, EndPaddingMs = 0 };

    private ForcedAligner Aligner(AlignerOptions options) => new(fixture.Model, fixture.Model.Vocabulary, options);

    private static string Tag(double ms) => TimeSpan.FromMilliseconds(Math.Round(ms / 10) * 10).ToString(@"mm\:ss\.ff", CultureInfo.InvariantCulture);

    [Fact]
    public void A_word_tag_holds_the_words_first_letter_within_the_word_margin_and_the_previous_word_ends_by_it()
    {
        var lyrics = new Lyrics([new LyricLine([new LyricWord("la", 1_000), new LyricWord("mer", 2_000)], 0, 1_000, 4_000)]);
        var targets = AlignmentTargets.Build(lyrics.Lines, fixture.Model.Vocabulary, StarPlacement.Edges);

        var anchors = LineAnchorWindows.BuildAnchors(lyrics, targets, frames: 300, marginFrames: 50, durationMs: 6_000, wordMarginFrames: 15);

        var m = Array.FindIndex(targets.WordOfToken, w => w == 1); // 'm' of "mer"
        Assert.Equal((100 - 15, 100 + 15 + 1), (anchors.Windows.FirstFrame[m], anchors.Windows.EndFrame[m]));
        Assert.Equal((0, 250), (anchors.Windows.FirstFrame[m + 1], anchors.Windows.EndFrame[m + 1])); // 'e': the line window
        Assert.Equal(116, anchors.Windows.EndFrame[m - 1]); // 'a' of "la" ends by the next word's tag + margin
        Assert.Equal((2, 0, 1), (anchors.WordAnchors, anchors.DroppedWordAnchors, anchors.TimedLines));
    }

    [Fact]
    public void A_word_tag_outside_its_line_window_or_before_the_words_ahead_of_it_is_dropped_and_counted()
    {
        var lyrics = new Lyrics([new LyricLine(
            [new LyricWord("la", 1_000), new LyricWord("mer", 9_000), new LyricWord("toi", 1_500), new LyricWord("tout", 400)],
            0, 1_000, 4_000)]);
        var targets = AlignmentTargets.Build(lyrics.Lines, fixture.Model.Vocabulary, StarPlacement.Edges);

        var anchors = LineAnchorWindows.BuildAnchors(lyrics, targets, frames: 300, marginFrames: 10, durationMs: 6_000, wordMarginFrames: 5);

        // "mer" at 9 s is past the line's window (≤ 4.2 s); "tout" at 0.4 s comes before "toi" at 1.5 s.
        Assert.Equal((2, 2), (anchors.WordAnchors, anchors.DroppedWordAnchors));
        var emissions = new EmissionMatrix(new float[300 * (fixture.Model.Vocabulary.Size + 1)], 300, fixture.Model.Vocabulary.Size + 1);
        var path = CtcViterbi.Align(emissions, targets.Tokens, fixture.Model.Vocabulary.BlankId, anchors.Windows);
        Assert.Equal(targets.Tokens.Length, path.TokenIndexPerFrame.Where(i => i >= 0).Distinct().Count());
    }

    [Fact]
    public void An_enhanced_lrc_word_tag_moves_a_word_to_the_occurrence_it_names()
    {
        // "la mer" is sung, then "mer" once more 3 s later, all inside the line's window: only the tag says which.
        var song = ToneSong.Create(["la mer"], leadMs: 1_000, tailMs: 5_000);
        var echo = ToneSong.Create(["mer"], leadMs: 0, tailMs: 0);
        var echoMs = (int)song.WordTimes[1].StartMs + 3_000;
        echo.Samples.CopyTo(song.Samples, echoMs * 16);
        var (la, mer) = (song.WordTimes[0].StartMs, song.WordTimes[1].StartMs);
        var audio = new PcmAudio(16_000, song.Samples);

        // Enhanced LRC as karaoke editors write it: a tag before each word and one where the last word ends.
        string Lrc(double merTagMs) => $"[{Tag(la)}]<{Tag(la)}>la <{Tag(merTagMs)}>mer <{Tag(merTagMs + 300)}>\n[{Tag(echoMs + 1_000)}]\n";
        var tagged = Aligner(Tight).Align(audio, LrcParser.Parse(Lrc(echoMs)));
        var taggedFirst = Aligner(Tight).Align(audio, LrcParser.Parse(Lrc(mer))).Words.ToList();

        var words = tagged.Words.ToList();
        Assert.InRange(words[0].StartMs - la, -FrameMs, FrameMs);
        Assert.InRange(words[1].StartMs - echoMs, -FrameMs, FrameMs);
        Assert.InRange(taggedFirst[0].StartMs - la, -FrameMs, FrameMs);
        Assert.InRange(taggedFirst[1].StartMs - mer, -FrameMs, FrameMs);
        Assert.Equal((2, 0, 0), (tagged.Anchors!.WordAnchors, tagged.Anchors.DroppedWordAnchors, tagged.Anchors.UnmetAnchors));
    }

    [Theory]
    [InlineData(2_000)]
    [InlineData(-1_500)]
    [InlineData(2_500)]
    public void A_whole_file_offset_is_detected_undone_and_reported(int lrcLateByMs)
    {
        var song = ToneSong.Create(ToneSong.RandomLines(seed: 11, lineCount: 8, minWords: 2, maxWords: 4), leadMs: 4_000, lineGapMs: 1_500, tailMs: 4_000);
        var lyrics = ShiftedLines(song, lrcLateByMs);
        var audio = new PcmAudio(16_000, song.Samples);

        var detected = Aligner(Tight).Align(audio, lyrics);
        var forced = Aligner(Tight with { DetectLrcOffset = false }).Align(audio, lyrics);

        // The path's first letter of a line lags its tone's onset by up to a few frames (CTC spikes late): within 100 ms.
        Assert.InRange(detected.Anchors!.LrcOffsetMs, -lrcLateByMs - 100, -lrcLateByMs + 100);
        Assert.Equal(detected.Anchors.LrcOffsetMs, AlignmentQuality.Measure(detected).LrcOffsetMs);
        var truth = song.WordTimes;
        var words = detected.Words.ToList();
        for (var i = 0; i < words.Count; i++)
        {
            Assert.True(Math.Abs(words[i].StartMs - truth[i].StartMs) <= FrameMs, $"word {i} at {words[i].StartMs} ms, truth {truth[i].StartMs:0}");
        }

        // Without the detection the first words of lines are held inside start ± 1 s, away from where they are sung.
        Assert.Equal(0, forced.Anchors!.LrcOffsetMs);
        Assert.Contains(forced.Words.Select((w, i) => Math.Abs(w.StartMs - truth[i].StartMs)), e => e > 400);
    }

    [Fact]
    public void Line_times_that_are_each_a_little_off_get_no_offset()
    {
        var song = ToneSong.Create(ToneSong.RandomLines(seed: 12, lineCount: 8, minWords: 2, maxWords: 4), leadMs: 2_000, lineGapMs: 1_500, tailMs: 2_000);
        var errors = new[] { 250, -300, 100, -200, 300, -150, 0, 200 };
        var lyrics = ShiftedLines(song, 0, errors);

        var result = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), lyrics);

        Assert.Equal(0, result.Anchors!.LrcOffsetMs);
        Assert.Equal(0, AlignmentQuality.Measure(result).LrcOffsetMs);
    }

    [Fact]
    public void Lines_too_early_for_their_text_are_widened_and_counted_as_unmet()
    {
        var song = ToneSong.Create(["la mer", "bonjour toi"], leadMs: 1_000, lineGapMs: 1_000);
        var t = song.WordTimes;
        // The second line is announced before the first (out of order) with a 20 ms window and no margin.
        var lyrics = new Lyrics([
            song.Lyrics.Lines[0] with { StartMs = (int)t[0].StartMs, EndMs = (int)t[1].EndMs },
            song.Lyrics.Lines[1] with { StartMs = (int)t[0].StartMs - 200, EndMs = (int)t[0].StartMs - 180 },
        ]);

        var result = Aligner(Tight with { LineMarginMs = 0 }).Align(new PcmAudio(16_000, song.Samples), lyrics);

        Assert.Equal(1, result.Anchors!.WidenedLines);
        Assert.Equal(1, AlignmentQuality.Measure(result).UnmetAnchors);
    }

    [Fact]
    public void Anchors_no_path_can_meet_are_all_reported_when_the_song_falls_back_to_the_unanchored_path()
    {
        var song = ToneSong.Create(["la mer", "bonjour toi"], leadMs: 1_000, lineGapMs: 1_000);
        var end = song.Samples.Length / 16;
        var lyrics = new Lyrics([
            song.Lyrics.Lines[0] with { StartMs = end - 40, EndMs = end - 20 },
            song.Lyrics.Lines[1] with { StartMs = end - 20, EndMs = end },
        ]);

        var result = Aligner(Tight with { LineMarginMs = 0 }).Align(new PcmAudio(16_000, song.Samples), lyrics);

        Assert.True(result.Anchors!.AnchorsAbandoned);
        Assert.Equal(2, result.Anchors.UnmetAnchors);
        Assert.InRange(result.Words.First().StartMs - song.WordTimes[0].StartMs, -FrameMs, FrameMs);
    }

    [Fact]
    public void Plain_lyrics_report_no_anchors()
    {
        var song = ToneSong.Create(["la mer"]);
        var result = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), song.Lyrics);

        Assert.Null(result.Anchors);
        Assert.Null(AlignmentQuality.Measure(result).UnmetAnchors);
    }

    // LRC-like lines: each line's start is its first word's sung start, moved by the offset (and a per-line error), no end.
    private static Lyrics ShiftedLines(ToneSong song, int offsetMs, int[]? errors = null)
    {
        var lines = new List<LyricLine>();
        var word = 0;
        for (var l = 0; l < song.Lyrics.Lines.Count; l++)
        {
            var line = song.Lyrics.Lines[l];
            var start = (int)song.WordTimes[word].StartMs + offsetMs + (errors?[l] ?? 0);
            lines.Add(line with { StartMs = Math.Max(0, start), EndMs = null });
            word += line.Words.Count;
        }

        return new Lyrics(lines);
    }
}

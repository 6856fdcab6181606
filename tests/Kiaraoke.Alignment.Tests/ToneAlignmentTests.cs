using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Tests.Support;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests;

/// <summary>End to end through ONNX Runtime: audio synthesised from tones has exactly known word times.</summary>
public sealed class ToneAlignmentTests(ToneModelFixture fixture) : IClassFixture<ToneModelFixture>
{
    private const double FrameMs = 20;

    private ForcedAligner Aligner(AlignerOptions options) => new(fixture.Model, fixture.Model.Vocabulary, options);

    private static readonly AlignerOptions Tight = new() { StartPaddingMs = 0, EndPaddingMs = 0 };

    [Fact]
    public void Word_boundaries_land_within_one_frame_of_the_truth()
    {
        var song = ToneSong.Create(["l'amour est la", "bonjour toi tout"], leadMs: 1_337, wordGapMs: 230);
        var result = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), song.Lyrics);

        AssertWithinOneFrame(song, result);
        Assert.Equal(["l'amour est la", "bonjour toi tout"], result.Lines.Select(l => l.Text));
        Assert.All(result.Words, w => Assert.InRange(w.Confidence, 0.5, 1.0));
    }

    [Fact]
    public void Seven_minutes_across_many_windows_has_no_drift_or_discontinuity()
    {
        var lines = ToneSong.RandomLines(seed: 7, lineCount: 150);
        var song = ToneSong.Create(lines, charMs: 80, wordGapMs: 270, lineGapMs: 900);
        Assert.InRange(song.Samples.Length / 16_000.0, 400, 480); // about 7 minutes: 14+ windows of 30 s

        var result = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), song.Lyrics);

        AssertWithinOneFrame(song, result);
        var words = result.Words.ToList();
        var crossing = Enumerable.Range(0, words.Count).Count(i => song.WordTimes[i].StartMs % 30_000 > 29_000 || song.WordTimes[i].StartMs % 30_000 < 1_000);
        Assert.True(crossing > 5, "the song should put words next to window boundaries");
        Assert.Empty(TimingContractValidator.Validate(result.Lines, result.DurationMs));
    }

    [Fact]
    public void Default_padding_moves_starts_back_by_at_most_the_start_padding_and_ends_on_by_at_most_the_end_padding()
    {
        var song = ToneSong.Create(["la", "mer"], leadMs: 3_000, lineGapMs: 4_000);
        var options = new AlignerOptions();
        var result = Aligner(options).Align(new PcmAudio(16_000, song.Samples), song.Lyrics);
        var words = result.Words.ToList();
        for (var i = 0; i < words.Count; i++)
        {
            Assert.InRange(song.WordTimes[i].StartMs - words[i].StartMs, -FrameMs, options.StartPaddingMs + FrameMs);
            Assert.InRange(words[i].EndMs - song.WordTimes[i].EndMs, -FrameMs, options.EndPaddingMs + FrameMs);
        }

        // Neither edge reaches far into the 4 s break between the lines.
        Assert.True(words[1].StartMs - words[0].EndMs > 4_000 - options.EndPaddingMs - options.StartPaddingMs - (2 * FrameMs));
    }

    [Fact]
    public void Unsingable_words_are_emitted_interpolated_with_zero_confidence()
    {
        var song = ToneSong.Create(["un ♪ deux 99 trois 🎤"]);
        var result = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), song.Lyrics);
        var words = result.Words.ToList();

        Assert.Equal(["un", "♪", "deux", "99", "trois", "🎤"], words.Select(w => w.Word));
        foreach (var i in new[] { 1, 3, 5 })
        {
            Assert.Equal(0, words[i].Confidence);
            Assert.Equal(WordTimingSource.Interpolated, words[i].Timing);
        }

        Assert.Empty(TimingContractValidator.Validate(result.Lines, result.DurationMs));
    }

    [Fact]
    public void Line_times_anchor_each_line_to_its_window()
    {
        var song = ToneSong.Create(["la mer", "la mer"], leadMs: 2_000, lineGapMs: 6_000);
        var truth = song.WordTimes;
        // The same words twice: only the line times say which occurrence is which.
        var lrc = $"[00:{truth[0].StartMs / 1000 - 0.3:00.00}]la mer\n[00:{truth[2].StartMs / 1000 - 0.3:00.00}]la mer\n"
            .Replace(',', '.');
        var lyrics = LrcParser.Parse(lrc);
        var result = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), lyrics);
        var words = result.Words.ToList();
        for (var i = 0; i < words.Count; i++)
        {
            Assert.InRange(words[i].StartMs - truth[i].StartMs, -FrameMs, FrameMs);
        }
    }

    private static Lyrics WithLineTimes(Lyrics lyrics, params (int StartMs, int EndMs)[] times) =>
        new([.. lyrics.Lines.Select((line, i) => line with { StartMs = times[i].StartMs, EndMs = times[i].EndMs })]);

    [Fact]
    public void Overlapping_line_times_keep_every_word_on_its_sung_position()
    {
        // Annotations often run a line's end past the next line's start; the global path is not pushed by it.
        var song = ToneSong.Create(["la mer", "bonjour toi", "tout est la", "la mer"], leadMs: 1_500, lineGapMs: 700);
        var t = song.WordTimes;
        var lyrics = WithLineTimes(
            song.Lyrics,
            ((int)t[0].StartMs, (int)t[2].StartMs + 300),
            ((int)t[2].StartMs - 100, (int)t[4].StartMs + 250),
            ((int)t[4].StartMs + 150, (int)t[7].StartMs + 200),
            ((int)t[7].StartMs, (int)t[8].EndMs));

        var result = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), lyrics);

        AssertWithinOneFrame(song, result);
    }

    [Fact]
    public void A_line_the_model_hears_nothing_of_is_held_near_where_spreading_would_put_it()
    {
        var song = ToneSong.Create(["la mer"], leadMs: 1_000, tailMs: 6_000);
        // Second line announced at 4–6 s (the empty tag ends it) where the audio is silent.
        var lyrics = LrcParser.Parse("[00:00.80]la mer\n[00:04.00]bonjour toi\n[00:06.00]\n");

        var words = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), lyrics).Words.ToList();
        var unanchoredPrior = Aligner(Tight with { LinePriorWidth = 0 }).Align(new PcmAudio(16_000, song.Samples), lyrics).Words.ToList();

        Assert.InRange(words[0].StartMs - song.WordTimes[0].StartMs, -FrameMs, FrameMs);
        // Spreading "bonjour toi" over 4–6 s by letters puts "bonjour" at 4.0 s and "toi" at 5.4 s; σ = 0.08 × 2 s.
        Assert.InRange(words[2].StartMs, 4_000 - 160 - FrameMs, 4_000 + 160 + FrameMs);
        Assert.InRange(words[3].StartMs, 5_400 - 160 - FrameMs, 5_400 + 160 + FrameMs);
        Assert.True(Math.Abs(unanchoredPrior[3].StartMs - 5_400) > 200, "without the prior the silent line lands wherever the window allows");
    }

    [Fact]
    public void A_line_annotated_far_from_its_audio_stays_in_its_window_and_leaves_its_neighbours_exact()
    {
        var song = ToneSong.Create(["la mer", "bonjour toi", "tout est la"], leadMs: 1_000, lineGapMs: 4_000);
        var t = song.WordTimes;
        // The middle line is announced 2.5 s late: more than the 1 s margin.
        var lyrics = WithLineTimes(
            song.Lyrics,
            ((int)t[0].StartMs, (int)t[1].EndMs),
            ((int)t[2].StartMs + 2_500, (int)t[3].EndMs + 2_500),
            ((int)t[4].StartMs, (int)t[6].EndMs));

        var result = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), lyrics);

        var words = result.Words.ToList();
        Assert.Empty(TimingContractValidator.Validate(result.Lines, result.DurationMs));
        foreach (var i in new[] { 0, 1, 4, 5, 6 })
        {
            Assert.InRange(words[i].StartMs - t[i].StartMs, -FrameMs, FrameMs);
        }

        Assert.InRange(words[2].StartMs, (int)t[2].StartMs + 1_500 - FrameMs, (int)t[3].EndMs + 3_500);
    }

    [Fact]
    public void A_line_starts_near_its_time_even_when_a_cleaner_echo_of_its_first_word_comes_later()
    {
        // The singer sings "mar" at the line's time; a backing voice sings a clean "mer" 4 s later, inside the line.
        var song = ToneSong.Create(["la", "mar"], leadMs: 1_000, lineGapMs: 1_000, tailMs: 6_000);
        var echo = ToneSong.Create(["mer"], leadMs: 0, tailMs: 0);
        var echoAt = (int)((song.WordTimes[1].StartMs + 4_000) * 16);
        echo.Samples.CopyTo(song.Samples, echoAt);
        var t = song.WordTimes;
        var lyrics = WithLineTimes(PlainLyricsParser.Parse("la\nmer"), ((int)t[0].StartMs, (int)t[0].EndMs), ((int)t[1].StartMs, (int)t[1].StartMs + 6_000));

        var unanchored = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), PlainLyricsParser.Parse("la\nmer")).Words.ToList();
        var anchored = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), lyrics).Words.ToList();

        Assert.InRange(unanchored[1].StartMs - (echoAt / 16), -FrameMs, FrameMs); // the clean echo wins without anchors
        // Anchored, the word may not start further than the 1 s margin from its line's time (the letters the singer
        // changed still pull the rest of the word towards the echo).
        Assert.InRange(anchored[1].StartMs - t[1].StartMs, -1_000, 1_000);
        Assert.InRange(anchored[0].StartMs - t[0].StartMs, -FrameMs, FrameMs);
    }

    [Fact]
    public void Line_times_that_leave_no_room_fall_back_to_the_unanchored_path()
    {
        var song = ToneSong.Create(["la mer", "bonjour toi"], leadMs: 1_000, lineGapMs: 1_000);
        // Both lines announced in the last 40 ms of the audio: no path fits there, so the words are placed acoustically.
        var end = song.Samples.Length / 16;
        var lyrics = WithLineTimes(song.Lyrics, (end - 40, end - 20), (end - 20, end));

        var result = Aligner(Tight with { LineMarginMs = 0 }).Align(new PcmAudio(16_000, song.Samples), lyrics);

        AssertWithinOneFrame(song, result);
    }

    [Fact]
    public void A_line_the_model_cannot_hear_falls_back_to_spreading_inside_its_window()
    {
        var song = ToneSong.Create(["la mer"], leadMs: 1_000, tailMs: 6_000);
        // Second line announced at 4–6 s where the audio is silent.
        var lyrics = LrcParser.Parse("[00:00.80]la mer\n[00:04.00]bonjour toi\n[00:06.00]\n");
        var aligner = Aligner(Tight with { LineFallbackConfidence = 0.3 });

        var result = aligner.Align(new PcmAudio(16_000, song.Samples), lyrics);

        var words = result.Words.ToList();
        Assert.Equal(WordTimingSource.Acoustic, words[0].Timing);
        Assert.InRange(words[0].StartMs - song.WordTimes[0].StartMs, -FrameMs, FrameMs);
        Assert.Equal([WordTimingSource.LineSpread, WordTimingSource.LineSpread], words.Skip(2).Select(w => w.Timing));
        Assert.Equal(4_000, words[2].StartMs);
        Assert.Equal(6_000, words[3].EndMs);
        Assert.Equal(0, words[2].Confidence);

        var withoutFallback = Aligner(Tight).Align(new PcmAudio(16_000, song.Samples), lyrics);
        Assert.All(withoutFallback.Words, w => Assert.Equal(WordTimingSource.Acoustic, w.Timing));
    }

    [Fact]
    public void More_text_than_audio_frames_is_a_clear_error()
    {
        var audio = new PcmAudio(16_000, new float[16_000]); // 1 s = 49 frames
        var lyrics = PlainLyricsParser.Parse(string.Join(' ', Enumerable.Repeat("anticonstitutionnellement", 4)));
        var error = Assert.Throws<CtcAlignmentException>(() => Aligner(Tight).Align(audio, lyrics));
        Assert.Contains("need at least", error.Message);
        Assert.Contains("49 frames", error.Message);
    }

    [Fact]
    public void Silent_audio_still_yields_a_valid_low_confidence_timeline()
    {
        var audio = new PcmAudio(16_000, new float[16_000 * 10]);
        var lyrics = PlainLyricsParser.Parse("bonjour tout le monde");
        var result = Aligner(new AlignerOptions()).Align(audio, lyrics);
        Assert.Equal(4, result.WordCount);
        Assert.Empty(TimingContractValidator.Validate(result.Lines, result.DurationMs));
        Assert.InRange(result.ConfidenceAverage, 0, 0.2);
        Assert.False(new Quality.QualityGate().Evaluate(result).Passed);
    }

    [Fact]
    public void Onset_refinement_keeps_a_valid_timeline_close_to_the_truth()
    {
        var song = ToneSong.Create(["bonjour toi", "la mer"], wordGapMs: 300);
        var result = Aligner(Tight with { OnsetRefinement = true }).Align(new PcmAudio(16_000, song.Samples), song.Lyrics);
        Assert.Empty(TimingContractValidator.Validate(result.Lines, result.DurationMs));
        var words = result.Words.ToList();
        for (var i = 0; i < words.Count; i++)
        {
            Assert.InRange(words[i].StartMs - song.WordTimes[i].StartMs, -40, 40);
        }
    }

    private static void AssertWithinOneFrame(ToneSong song, AlignmentResult result)
    {
        var words = result.Words.ToList();
        Assert.Equal(song.WordTimes.Count, words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var (start, end) = song.WordTimes[i];
            Assert.True(Math.Abs(words[i].StartMs - start) <= FrameMs, $"word {i} '{words[i].Word}' starts at {words[i].StartMs} ms, truth {start:0.0}");
            Assert.True(Math.Abs(words[i].EndMs - end) <= FrameMs, $"word {i} '{words[i].Word}' ends at {words[i].EndMs} ms, truth {end:0.0}");
        }
    }
}

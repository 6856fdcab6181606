using Kiaraoke.Cli.Bench;

namespace Kiaraoke.Cli.Tests;

/// <summary>The bench's LRC-like line times, per-word outcomes, pooled figures and paired bootstrap.</summary>
public sealed class BenchRealismTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiaraoke-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lrc_like_starts_share_one_song_offset_stay_within_the_stated_errors_and_in_order()
    {
        var annotated = Enumerable.Range(0, 400).Select(i => 5_000 + (i * 2_500)).ToArray();

        var starts = LrcLikeLines.Starts(annotated, new Random(7));

        Assert.Equal(starts, LrcLikeLines.Starts(annotated, new Random(7))); // seeded
        Assert.All(starts, s => Assert.Equal(0, s % 10)); // centiseconds, as LRC writes them
        Assert.True(starts.Zip(starts.Skip(1)).All(p => p.First <= p.Second));
        var errors = starts.Zip(annotated, (s, a) => (double)(s - a)).ToArray();
        var offset = errors.Order().ElementAt(errors.Length / 2); // the median error estimates the song's offset
        Assert.InRange(offset, -LrcLikeLines.SongOffsetMs - 30, LrcLikeLines.SongOffsetMs + 30);
        Assert.All(errors, e => Assert.InRange(e - offset, -LrcLikeLines.LineErrorLimitMs - 60, LrcLikeLines.LineErrorLimitMs + 60));
        var spread = Math.Sqrt(errors.Select(e => (e - errors.Average()) * (e - errors.Average())).Average());
        Assert.InRange(spread, LrcLikeLines.LineErrorSigmaMs * 0.8, LrcLikeLines.LineErrorSigmaMs * 1.2);
    }

    [Fact]
    public void Lrc_mode_gives_starts_only_so_each_line_ends_at_the_next_start()
    {
        var song = new GoldenSong(
            "s", "audio.mp3", "un deux\ntrois", "fr",
            [new("un", 1, 1.5), new("deux", 1.6, 2), new("trois", 5, 6)],
            [new(1, 2, "un deux"), new(5, 6, "trois")]);

        var lyrics = LineTimes.For(song, LineMode.Lrc, seed: 3);

        Assert.All(lyrics.Lines, l => Assert.Null(l.EndMs));
        Assert.All(lyrics.Lines, l => Assert.NotNull(l.StartMs));
        Assert.Equal(lyrics.Lines[1].StartMs, lyrics.LineEndMs(0, 10_000));
        Assert.Equal("fr", lyrics.Language);
    }

    [Fact]
    public void Outcomes_know_the_word_position_in_its_line_and_the_first_word_after_a_break()
    {
        var song = new GoldenSong(
            "s", "audio.mp3", "a b c\nd\ne f", "fr",
            [new("a", 1, 1.2), new("b", 1.3, 1.5), new("c", 1.6, 1.8), new("d", 2, 2.2), new("e", 9, 9.5), new("f", 9.6, 10)],
            [new(1, 1.8, "a b c"), new(2, 2.2, "d"), new(9, 10, "e f")]);
        var predicted = new List<PredictedWord> { new("a", 1.1, 1.3), new("b", 1.3, 1.5), new("c", 1.5, 1.7), new("d", 2, 2.1), new("e", 9.2, 9.6), new("f", 9.6, 10.2) };

        var metrics = SongScorer.Score(song, predicted, durationSeconds: 12);

        Assert.Equal([LinePosition.First, LinePosition.Inner, LinePosition.Last, LinePosition.First, LinePosition.First, LinePosition.Last], metrics.Outcomes.Select(o => o.Position));
        Assert.Equal([false, false, false, false, true, false], metrics.Outcomes.Select(o => o.AfterBreak));
        Assert.Equal(0.1, metrics.Outcomes[0].StartBias, 9);
        Assert.Equal(-0.1, metrics.Outcomes[2].StartBias, 9);

        var pooled = PooledStats.Of(metrics.Outcomes);
        Assert.Equal(0.2, pooled["after_break_start_aae"], 9);
        Assert.Equal((0.1 + 0 + 0.2) / 3, pooled["first_start_aae"], 9);
        Assert.Equal((0.1 + 0) / 2, pooled["last_start_aae"], 9); // c and f
        Assert.Equal(metrics.Outcomes.Average(o => o.StartError), pooled["start_aae"], 9);

        // Ends (errors a 0.1, b 0, c 0.1, d 0.1, e 0.1, f 0.2; signed +0.1, 0, −0.1, −0.1, +0.1, +0.2) by the same groups.
        Assert.Equal(0.1, pooled["first_end_aae"], 9); // a, d, e
        Assert.Equal((0.1 - 0.1 + 0.1) / 3, pooled["first_end_bias"], 9);
        Assert.Equal(0.0, pooled["inner_end_aae"], 9); // b
        Assert.Equal((0.1 + 0.2) / 2, pooled["last_end_aae"], 9); // c, f
        Assert.Equal((-0.1 + 0.2) / 2, pooled["last_end_bias"], 9);
        Assert.Equal(0.2, pooled["after_break_start_bias"], 9); // e
        Assert.Equal(0.1, pooled["after_break_end_aae"], 9);
        Assert.Equal(0.1, pooled["after_break_end_bias"], 9);
        Assert.Equal((3, 1, 2, 1), (pooled["first_words"], pooled["inner_words"], pooled["last_words"], pooled["after_break_words"]));
    }

    [Fact]
    public void Paired_bootstrap_gives_no_difference_for_identical_errors_and_a_clear_one_for_a_better_engine()
    {
        var random = new Random(1);
        var baseline = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).ToArray();

        var same = PairedBootstrap.Compare(baseline, baseline);
        Assert.Equal((0.0, 0.0, 0.0), (same.Difference, same.DifferenceLow, same.DifferenceHigh));
        Assert.Equal(1.0, same.Ratio, 9);

        var halved = PairedBootstrap.Compare(baseline.Select(b => b / 2).ToArray(), baseline);
        Assert.True(halved.DifferenceHigh < 0, $"interval [{halved.DifferenceLow}, {halved.DifferenceHigh}] should be below 0");
        Assert.InRange(halved.Difference, halved.DifferenceLow, halved.DifferenceHigh);
        Assert.Equal(2.0, halved.Ratio, 9);
        Assert.InRange(halved.RatioLow, 1.99, 2.0);
    }

    [Fact]
    public void Ultrastar_song_folders_are_a_golden_set_and_a_song_list_keeps_only_its_songs()
    {
        foreach (var name in new[] { "Artist - One", "Artist - Two" })
        {
            var folder = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
            File.WriteAllText(Path.Combine(folder, "song.txt"), "#TITLE:One\n#ARTIST:Artist\n#LANGUAGE:English\n#MP3:song.mp3\n#BPM:300\n#GAP:1000\n: 0 4 60 Hel\n: 4 4 60 lo\n: 10 4 62  world\n- 20\n: 24 4 60 a\n: 30 4 60  gain\nE\n");
            File.WriteAllBytes(Path.Combine(folder, "song.mp3"), [0]);
        }

        var list = Path.Combine(_dir, "dev.txt");
        File.WriteAllText(list, "# dev split\nArtist - Two\n");

        var song = Assert.Single(GoldenSetReader.Read(_dir, list));

        Assert.Equal("Artist - Two", song.Id);
        Assert.Equal("en", song.Language);
        Assert.Equal(Path.Combine(_dir, "Artist - Two", "song.mp3"), song.AudioPath);
        Assert.Equal(["Hello", "world", "a", "gain"], song.Words.Select(w => w.Text));
        Assert.Equal(["Hello world", "a gain"], song.Lines.Select(l => l.Text));
        Assert.Equal("Hello world\na gain", song.LyricsText);
        Assert.Equal(1.0, song.Words[0].Start, 6); // GAP 1000 ms, beat 0
        Assert.Equal(2, GoldenSetReader.Read(_dir).Count);

        File.WriteAllText(list, "Artist - Three\n");
        var error = Assert.Throws<UsageException>(() => GoldenSetReader.Read(_dir, list));
        Assert.Contains("Artist - Three", error.Message);
    }
}

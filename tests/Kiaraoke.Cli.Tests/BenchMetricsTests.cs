using Kiaraoke.Cli.Bench;

namespace Kiaraoke.Cli.Tests;

public sealed class BenchMetricsTests
{
    private static GoldenSong Song(params (string Text, double Start, double End)[] words) =>
        new("song", "audio.mp3", string.Join(' ', words.Select(w => w.Text)), "fr", words.Select(w => new ReferenceWord(w.Text, w.Start, w.End)).ToList(), [new ReferenceLine(words[0].Start, words[^1].End, string.Join(' ', words.Select(w => w.Text)))]);

    [Fact]
    public void Hand_computed_errors_medians_and_hits()
    {
        var song = Song(("a", 1.0, 1.5), ("b", 2.0, 2.5), ("c", 3.0, 3.5), ("d", 4.0, 4.5));
        // Start errors 0.05, 0.12, 0.4, 2.0 s; end errors 0, 0.1, 0.1, 0.
        PredictedWord[] predicted = [new("a", 1.05, 1.5), new("b", 1.88, 2.4), new("c", 3.4, 3.6), new("d", 6.0, 4.5)];

        var metrics = SongScorer.Score(song, predicted, durationSeconds: 10);

        Assert.Equal((0.05 + 0.12 + 0.4 + 2.0) / 4, metrics.Starts.Aae, 9);
        Assert.Equal((0.12 + 0.4) / 2, metrics.Starts.Median, 9);
        Assert.Equal(0.25, metrics.Starts.Hit100, 9);
        Assert.Equal(0.5, metrics.Starts.Hit150, 9);
        Assert.Equal(0.5, metrics.Starts.Hit300, 9);
        Assert.Equal(0.25, metrics.Starts.Over800, 9);
        Assert.Equal(0.25, metrics.Starts.Over1000, 9);
        Assert.Equal(0.05, metrics.Ends.Aae, 9);
        Assert.Equal(0, metrics.Missing);
        Assert.Equal(0, metrics.LineSyncOk); // the only line has a word off by 2 s
    }

    [Fact]
    public void A_missing_word_costs_the_song_duration()
    {
        var song = Song(("un", 1.0, 1.5), ("deux", 2.0, 2.5), ("trois", 3.0, 3.5));
        PredictedWord[] predicted = [new("un", 1.0, 1.5), new("trois", 3.0, 3.5)];

        var metrics = SongScorer.Score(song, predicted, durationSeconds: 200);

        Assert.Equal(1, metrics.Missing);
        Assert.Equal(200.0 / 3, metrics.Starts.Aae, 9);
        Assert.Equal(1.0 / 3, metrics.Starts.Over1000, 9); // catastrophic share counts the missing word
        Assert.Equal(2.0 / 3, metrics.Starts.Hit100, 9);
    }

    [Fact]
    public void Perc_is_the_share_of_time_with_the_right_current_word()
    {
        // Reference starts 1, 2, 3 in a 5 s song; prediction starts word 1 half a second late (2.5).
        // Wrong only on [2, 2.5): Perc = 1 − 0.5/5 = 0.9.
        Assert.Equal(0.9, SongScorer.Perc([1, 2, 3], [1, 2.5, 3], 5), 9);
        Assert.Equal(1.0, SongScorer.Perc([1, 2, 3], [1, 2, 3], 5), 9);
        // A missing word (NaN) leaves the previous word current: wrong on [2, 3).
        Assert.Equal(0.8, SongScorer.Perc([1, 2, 3], [1, double.NaN, 3], 5), 9);
    }

    [Fact]
    public void Matcher_pairs_by_position_after_normalisation_and_survives_gaps()
    {
        var match = WordMatcher.Match(["J'vois", "pas", "l'intérêt", "qu'on"], ["j’vois", "l'interet", "qu'on"]);
        Assert.Equal([0, -1, 1, 2], match);
    }

    [Fact]
    public void Elision_heavy_french_song_matches_every_annotated_word()
    {
        var songs = GoldenSetReader.Read(RepoPaths.GoldenJamendo);
        var song = songs.Single(s => s.Id.StartsWith("Mes_Larmes", StringComparison.Ordinal));
        Assert.Equal("fr", song.Language);
        var lyricWords = song.LyricsText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var match = WordMatcher.Match(song.Words.Select(w => w.Text).ToList(), lyricWords);
        Assert.DoesNotContain(-1, match);
        Assert.Equal(Enumerable.Range(0, song.Words.Count), match);
        Assert.Contains(song.Words, w => w.Text.StartsWith("j'", StringComparison.Ordinal));
    }

    [Fact]
    public void Golden_reader_loads_every_song_with_lines_and_languages()
    {
        var songs = GoldenSetReader.Read(RepoPaths.GoldenJamendo);
        Assert.Equal(4, songs.Count);
        Assert.All(songs, s => Assert.Equal(s.LyricsText.Split('\n').Count(l => l.Trim().Length > 0), s.Lines.Count));
        Assert.Equal(["es", "fr", "fr", "es"], songs.Select(s => s.Language));
    }

    [Fact]
    public void Jittered_lines_move_by_at_most_300_ms_and_are_reproducible()
    {
        var song = GoldenSetReader.Read(RepoPaths.GoldenJamendo)[0];
        var oracle = LineTimes.For(song, LineMode.Oracle, 1);
        var a = LineTimes.For(song, LineMode.Jittered, 1);
        var b = LineTimes.For(song, LineMode.Jittered, 1);
        Assert.Equal(a.Lines.Select(l => l.StartMs), b.Lines.Select(l => l.StartMs));
        Assert.All(a.Lines.Zip(oracle.Lines), p => Assert.InRange(Math.Abs(p.First.StartMs!.Value - p.Second.StartMs!.Value), 0, 300));
        Assert.Contains(a.Lines.Zip(oracle.Lines), p => p.First.StartMs != p.Second.StartMs);
        Assert.False(LineTimes.For(song, LineMode.None, 1).HasLineTimes);
    }

    [Fact]
    public void Line_spread_with_oracle_lines_lands_near_the_published_baseline()
    {
        var output = Directory.CreateTempSubdirectory("kiaraoke-bench-").FullName;
        try
        {
            var run = CliRun.Invoke("bench", "--golden", RepoPaths.GoldenJamendo, "--engine", "line-spread", "--lines", "oracle", "--runs", "1", "--out", output);
            Assert.True(run.ExitCode == 0, run.Stderr);
            foreach (var file in new[] { "line-spread_oracle.csv", "line-spread_oracle.json", "line-spread_oracle_hist.png", "line-spread_oracle_box.png", "line-spread_oracle_timeline.png", "SUMMARY.md" })
            {
                Assert.True(new FileInfo(Path.Combine(output, file)).Length > 0, file);
            }

            // One diagnostic figure per song.
            Assert.Equal(
                GoldenSetReader.Read(RepoPaths.GoldenJamendo).Select(s => BenchPlots.FileName(s.Id) + ".png").Order(StringComparer.Ordinal),
                Directory.GetFiles(Path.Combine(output, "line-spread_oracle_songs")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

            var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "line-spread_oracle.json"))).RootElement;
            var aae = json.GetProperty("overall").GetProperty("start_aae").GetProperty("mean").GetDouble();
            Assert.InRange(aae, 0.2, 0.35); // published figure for this baseline: about 0.2–0.3 s
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

using System.Globalization;

namespace Kiaraoke.Cli.Tests;

/// <summary><c>kiaraoke bench --confidence-check</c>: right, another song's and shifted lyrics, every measure, one CSV.</summary>
public sealed class ConfidenceCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiaraoke-confidence-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Two copies of the committed synthetic sample song: enough for the rotation (the CSV's shape is under test here;
    // separation is measured on real sets, docs/alignment-weak-evidence.md).
    private string TwoSongSet()
    {
        var sample = Path.Combine(RepoPaths.Root, "tools", "synth-singing", "sample", "synth_fr_000_vmr+00");
        var set = Path.Combine(_dir, "set");
        foreach (var name in new[] { "a", "b" })
        {
            var song = Path.Combine(set, name);
            Directory.CreateDirectory(song);
            foreach (var file in Directory.GetFiles(sample))
            {
                File.Copy(file, Path.Combine(song, Path.GetFileName(file)));
            }
        }

        return set;
    }

    [Fact]
    public void Writes_one_row_per_song_variant_and_measure_with_confidences_in_range()
    {
        var output = Path.Combine(_dir, "out");
        var run = CliRun.Invoke("bench", "--golden", TwoSongSet(), "--engine", "ctc", "--model", RepoPaths.ToneModel, "--lines", "lrc", "--confidence-check", "--out", output);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var rows = File.ReadAllLines(Path.Combine(output, "ctc_lrc_confidence.csv"));
        Assert.StartsWith("song,variant,measure,confidence_avg,low_confidence_ratio,", rows[0]);
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
        Assert.Equal(2 * 3 * 3, cells.Count);
        Assert.Equal(["right", "wrong", "shifted"], cells.Select(c => c[1]).Distinct());
        Assert.Equal(["CharacterProbability", "BestLabelRatio", "BestLetterRatio"], cells.Select(c => c[2]).Distinct());
        Assert.All(cells, c => Assert.InRange(double.Parse(c[3], CultureInfo.InvariantCulture), 0, 1));
        Assert.All(cells, c => Assert.Contains(c[9], new[] { "pass", "reject" }));
        Assert.All(cells.Where(c => c[1] == "wrong"), c => Assert.Equal("NaN", c[7]));
        Assert.All(cells.Where(c => c[1] != "wrong"), c => Assert.True(double.Parse(c[7], CultureInfo.InvariantCulture) >= 0));
    }

    [Fact]
    public void Needs_the_ctc_engine_and_two_songs()
    {
        var baseline = CliRun.Invoke("bench", "--golden", TwoSongSet(), "--engine", "line-spread", "--confidence-check", "--out", Path.Combine(_dir, "o1"));
        Assert.Equal(2, baseline.ExitCode);
        Assert.Contains("--confidence-check needs --engine ctc", baseline.Stderr);

        var single = Path.Combine(RepoPaths.Root, "tools", "synth-singing", "sample");
        var one = CliRun.Invoke("bench", "--golden", single, "--engine", "ctc", "--model", RepoPaths.ToneModel, "--confidence-check", "--out", Path.Combine(_dir, "o2"));
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("at least two songs", one.Stderr);
    }
}

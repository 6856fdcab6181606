using ScottPlot;

namespace Kiaraoke.Cli.Bench;

/// <summary>PNG figures of one result: start-error histogram, per-song box plots, and one song's timeline.</summary>
internal static class BenchPlots
{
    public static void Write(string outDirectory, string stem, IReadOnlyList<SongRun> run)
    {
        Histogram(Path.Combine(outDirectory, stem + "_hist.png"), stem, run);
        Boxes(Path.Combine(outDirectory, stem + "_box.png"), stem, run);
        Timeline(Path.Combine(outDirectory, stem + "_timeline.png"), stem, run[0]);
    }

    private static void Histogram(string path, string title, IReadOnlyList<SongRun> run)
    {
        // Errors are clipped at 2 s so the bulk stays readable; the clipped share is in the title.
        var errors = run.SelectMany(r => r.Metrics.StartErrors).ToArray();
        var clipped = errors.Count(e => e > 2.0);
        var plot = new Plot();
        var histogram = ScottPlot.Statistics.Histogram.WithBinSize(0.05, 0, 2.0);
        histogram.AddRange(errors.Select(e => Math.Min(e, 1.999)));
        plot.Add.Histogram(histogram);
        plot.Title($"{title}: |word start error| ({errors.Length} words, {clipped} over 2 s shown at 2 s)");
        plot.XLabel("absolute start error (s)");
        plot.YLabel("words");
        plot.SavePng(path, 900, 500);
    }

    private static void Boxes(string path, string title, IReadOnlyList<SongRun> run)
    {
        var plot = new Plot();
        var boxes = new List<Box>();
        for (var i = 0; i < run.Count; i++)
        {
            var sorted = run[i].Metrics.StartErrors.Order().ToArray();
            boxes.Add(new Box
            {
                Position = i,
                WhiskerMin = SongStats(sorted, 0.05),
                BoxMin = SongStats(sorted, 0.25),
                BoxMiddle = SongStats(sorted, 0.5),
                BoxMax = SongStats(sorted, 0.75),
                WhiskerMax = SongStats(sorted, 0.95),
            });
        }

        plot.Add.Boxes(boxes);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, run.Count).Select(i => (double)i).ToArray(), run.Select(r => Shorten(r.Song.Id)).ToArray());
        plot.Title($"{title}: start error per song (box 25–75 %, whiskers 5–95 %)");
        plot.YLabel("absolute start error (s)");
        plot.SavePng(path, 900, 500);
    }

    private static void Timeline(string path, string title, SongRun song)
    {
        var plot = new Plot();
        var reference = song.Song.Words.Select(w => w.Start).ToArray();
        var index = Enumerable.Range(0, reference.Length).Select(i => (double)i).ToArray();
        var truth = plot.Add.ScatterPoints(reference, index);
        truth.LegendText = "reference word start";
        truth.MarkerSize = 6;
        var predicted = song.Predicted.Select(p => p.Start).ToArray();
        var predictedIndex = Enumerable.Range(0, predicted.Length).Select(i => (double)i).ToArray();
        var guess = plot.Add.ScatterPoints(predicted, predictedIndex);
        guess.LegendText = "predicted word start";
        guess.MarkerSize = 3;
        plot.ShowLegend();
        plot.Title($"{title}: {Shorten(song.Song.Id)}");
        plot.XLabel("time (s)");
        plot.YLabel("word index");
        plot.SavePng(path, 1200, 600);
    }

    private static double SongStats(double[] sorted, double q) => sorted.Length == 0 ? 0 : ErrorStats.Percentile(sorted, q);

    private static string Shorten(string id) => id.Length <= 20 ? id : id[..20];
}

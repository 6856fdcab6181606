using ScottPlot;

namespace Kiaraoke.Cli.Bench;

/// <summary>
/// PNG figures of one result: start-error histogram, per-song box plots, the first song's timeline, and one
/// diagnostic figure per song (<see cref="SongDiagnostic"/>) in <c>&lt;stem&gt;_songs/</c>.
/// </summary>
internal static class BenchPlots
{
    /// <summary>Signed errors beyond this many seconds are drawn at the limit (hollow markers).</summary>
    public const double ErrorClipSeconds = 2.0;

    public static void Write(string outDirectory, string stem, IReadOnlyList<SongRun> run)
    {
        Histogram(Path.Combine(outDirectory, stem + "_hist.png"), stem, run);
        Boxes(Path.Combine(outDirectory, stem + "_box.png"), stem, run);
        Timeline(Path.Combine(outDirectory, stem + "_timeline.png"), stem, run[0]);
        var songs = Directory.CreateDirectory(Path.Combine(outDirectory, stem + "_songs")).FullName;
        foreach (var song in run)
        {
            SongDiagnostic(Path.Combine(songs, FileName(song.Song.Id) + ".png"), stem, song);
        }
    }

    /// <summary>The file name a song's diagnostic figure gets: its id with anything but letters, digits, '-', '_' and '.' made '_'.</summary>
    public static string FileName(string songId) =>
        string.Concat(songId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    /// <summary>
    /// One song, x = time in the song. Top: each word's signed start error (predicted − reference, + = late) at its
    /// reference start and its signed end error at its reference end, clipped at ±<see cref="ErrorClipSeconds"/>
    /// (hollow markers), missing words as crosses at the top; ±300 ms dashed. Bottom: the engine's per-frame voice
    /// activity (the model's voice-activity output, or 1 − P(blank) smoothed; see FrameVoiceActivity) when it has
    /// one. Both panels shade the reference lines' sung spans.
    /// </summary>
    internal static void SongDiagnostic(string path, string stem, SongRun song)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var errors = multiplot.GetPlot(0);
        var voice = multiplot.GetPlot(1);
        var duration = song.DurationSeconds;
        foreach (var plot in new[] { errors, voice })
        {
            foreach (var (from, to) in SungSpans(song.Song))
            {
                var span = plot.Add.HorizontalSpan(from, to);
                span.FillStyle.Color = Colors.Gray.WithAlpha(0.18);
                span.LineStyle.Width = 0;
            }
        }

        var outcomes = song.Metrics.Outcomes;
        var found = outcomes.Where(o => !o.Missing).ToList();
        AddErrors(errors, found.Select(o => (o.ReferenceStart, o.StartBias)).ToList(), "start (predicted − reference)", MarkerShape.FilledCircle, MarkerShape.OpenCircle, Colors.C0);
        AddErrors(errors, found.Select(o => (o.ReferenceEnd, o.EndBias)).ToList(), "end (predicted − reference)", MarkerShape.FilledTriangleUp, MarkerShape.OpenTriangleUp, Colors.C1);
        var missing = outcomes.Where(o => o.Missing).Select(o => o.ReferenceStart).ToArray();
        if (missing.Length > 0)
        {
            var crosses = errors.Add.ScatterPoints(missing, missing.Select(_ => ErrorClipSeconds).ToArray());
            crosses.MarkerShape = MarkerShape.Cross;
            crosses.MarkerSize = 8;
            crosses.Color = Colors.Red;
            crosses.LegendText = $"no prediction ({missing.Length})";
        }

        errors.Add.HorizontalLine(0, 1, Colors.Black);
        foreach (var y in new[] { -0.3, 0.3 })
        {
            var band = errors.Add.HorizontalLine(y, 1, Colors.Gray);
            band.LinePattern = LinePattern.Dashed;
        }

        errors.ShowLegend(ScottPlot.Alignment.UpperRight);
        errors.Title($"{stem}: {Shorten(song.Song.Id)} — start AAE {song.Metrics.Starts.Aae:0.000} s, end AAE {song.Metrics.Ends.Aae:0.000} s, {song.Metrics.Missing} missing of {song.Metrics.Words}; grey = reference lines");
        errors.YLabel($"signed error (s, clipped ±{ErrorClipSeconds:0})");
        errors.Axes.SetLimits(0, duration, -ErrorClipSeconds - 0.2, ErrorClipSeconds + 0.2);

        if (song.VoiceActivity is { Length: > 0 } activity)
        {
            var signal = voice.Add.Signal(activity.Select(v => (double)v).ToArray(), period: Kiaraoke.Alignment.Ctc.EmissionMatrix.FrameMs / 1000.0);
            signal.Color = Colors.C2;
            signal.LegendText = "voice activity";
        }
        else
        {
            voice.Add.Annotation("this engine has no acoustic model: no voice activity", ScottPlot.Alignment.MiddleCenter);
        }

        voice.YLabel("voice activity");
        voice.XLabel("time in the song (s)");
        voice.Axes.SetLimits(0, duration, -0.02, 1.02);
        multiplot.SharedAxes.ShareX([errors, voice]);
        multiplot.SavePng(path, 1600, 800);
    }

    private static void AddErrors(Plot plot, IReadOnlyList<(double Time, double Error)> points, string label, MarkerShape inside, MarkerShape clipped, Color color)
    {
        var kept = points.Where(p => Math.Abs(p.Error) <= ErrorClipSeconds).ToList();
        var cut = points.Where(p => Math.Abs(p.Error) > ErrorClipSeconds).ToList();
        if (kept.Count > 0)
        {
            var markers = plot.Add.ScatterPoints(kept.Select(p => p.Time).ToArray(), kept.Select(p => p.Error).ToArray());
            markers.MarkerShape = inside;
            markers.MarkerSize = 5;
            markers.Color = color;
            markers.LegendText = label;
        }

        if (cut.Count > 0)
        {
            var markers = plot.Add.ScatterPoints(cut.Select(p => p.Time).ToArray(), cut.Select(p => Math.Sign(p.Error) * ErrorClipSeconds).ToArray());
            markers.MarkerShape = clipped;
            markers.MarkerSize = 7;
            markers.Color = color;
            markers.LegendText = $"{label}, beyond ±{ErrorClipSeconds:0} s ({cut.Count})";
        }
    }

    /// <summary>The reference lines' [start, end] in seconds, or each word's when the set has no lines.</summary>
    internal static IReadOnlyList<(double From, double To)> SungSpans(GoldenSong song) =>
        song.Lines.Count > 0
            ? song.Lines.Select(l => (l.Start, l.End)).ToList()
            : song.Words.Select(w => (w.Start, w.End)).ToList();

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

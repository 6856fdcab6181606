using System.Globalization;
using System.Text;
using Kiaraoke.Alignment;
using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Quality;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Cli.Bench;

/// <summary>One song × lyric variant × confidence measure: the confidence figures beside the timing error.</summary>
internal sealed record ConfidenceRow(
    string Song,
    string Variant,
    ConfidenceMeasure Measure,
    double ConfidenceAverage,
    double LowConfidenceRatio,
    double LineConfidenceMedian,
    double LineConfidenceP10,
    double StartAae,
    double Over1000,
    bool GatePassed,
    double LyricsNats,
    double DecoyNats)
{
    public double DecoyMargin => LyricsNats - DecoyNats;

    public double RelativeMargin => DecoyNats >= 0 ? 0 : DecoyMargin / -DecoyNats;
}

/// <summary>
/// <c>kiaraoke bench --confidence-check</c>: every song aligned three ways on one set of emissions — its own lyrics
/// under the run's line mode (<c>right</c>), the next song's lyrics of the set as plain text (<c>wrong</c>: the set is
/// rotated by one), and its own LRC-like line starts moved by <c>--shift-ms</c> (<c>shifted</c>) — each read with
/// every <see cref="ConfidenceMeasure"/>, so a measure and its gate thresholds can be chosen on the figures.
/// </summary>
internal sealed class ConfidenceCheck(OnnxEmissionModel model, AlignerOptions options, LineMode mode, int seed, int shiftMs, QualityGate gate, TextWriter log)
{
    public IReadOnlyList<ConfidenceRow> Run(IReadOnlyList<GoldenSong> songs, CancellationToken cancellationToken)
    {
        if (songs.Count < 2)
        {
            throw new UsageException("--confidence-check needs at least two songs: the wrong lyrics are another song's.");
        }

        var decoder = new FfmpegAudioDecoder();
        var rows = new List<ConfidenceRow>();
        for (var s = 0; s < songs.Count; s++)
        {
            var song = songs[s];
            var audio = decoder.Decode(song.AudioPath, cancellationToken);
            var emissions = EmissionWindowing.Compute(model, audio.Samples, options.Emissions, cancellationToken);
            var other = songs[(s + 1) % songs.Count];
            var variants = new (string Name, Lyrics Lyrics, GoldenSong? Reference)[]
            {
                ("right", LineTimes.For(song, mode, seed + s), song),
                ("wrong", PlainLyricsParser.Parse(other.LyricsText) with { Language = other.Language }, null),
                ("shifted", Shifted(LineTimes.For(song, LineMode.Lrc, seed + s), shiftMs), song),
            };

            foreach (var measure in Enum.GetValues<ConfidenceMeasure>())
            {
                var aligner = new ForcedAligner(model, model.Vocabulary, options with { Confidence = measure });
                foreach (var (name, lyrics, reference) in variants)
                {
                    var result = aligner.AlignEmissions(audio, emissions, lyrics, cancellationToken: cancellationToken);
                    var row = Measure(song.Id, name, measure, result, reference, audio.DurationSeconds);
                    rows.Add(row);
                    log.WriteLine($"[confidence] {song.Id} {name,-7} {measure,-20} avg {row.ConfidenceAverage:0.000} low {row.LowConfidenceRatio:0.000} line p10 {row.LineConfidenceP10:0.000} rel margin {row.RelativeMargin:0.000} AAE {row.StartAae:0.000} gate {(row.GatePassed ? "pass" : "reject")}");
                }
            }
        }

        return rows;
    }

    public static Lyrics Shifted(Lyrics lyrics, int shiftMs) =>
        lyrics with { Lines = lyrics.Lines.Select(l => l with { StartMs = l.StartMs is { } start ? Math.Max(0, start + shiftMs) : null, EndMs = l.EndMs is { } end ? Math.Max(0, end + shiftMs) : null }).ToArray() };

    private ConfidenceRow Measure(string songId, string variant, ConfidenceMeasure measure, AlignmentResult result, GoldenSong? reference, double durationSeconds)
    {
        var quality = AlignmentQuality.Measure(result);
        var lineConfidences = result.Lines.Where(l => l.Words.Count > 0).Select(l => l.Words.Average(w => w.Confidence)).Order().ToArray();
        double aae = double.NaN, over1000 = double.NaN;
        if (reference is not null)
        {
            var predicted = result.Words.Select(w => new PredictedWord(w.Word, w.StartMs / 1000.0, w.EndMs / 1000.0)).ToList();
            var metrics = SongScorer.Score(reference, predicted, durationSeconds);
            aae = metrics.Starts.Aae;
            over1000 = metrics.Starts.Over1000;
        }

        return new ConfidenceRow(
            songId,
            variant,
            measure,
            quality.ConfidenceAverage,
            quality.LowConfidenceRatio,
            Quantile(lineConfidences, 0.5),
            Quantile(lineConfidences, 0.1),
            aae,
            over1000,
            gate.Evaluate(result).Passed,
            result.DecoyFit?.LyricsNatsPerCharacter ?? double.NaN,
            result.DecoyFit?.DecoyNatsPerCharacter ?? double.NaN);
    }

    private static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[(int)Math.Floor(q * (sorted.Length - 1))];

    public static string Write(string outDirectory, string stem, IReadOnlyList<ConfidenceRow> rows)
    {
        Directory.CreateDirectory(outDirectory);
        var csv = new StringBuilder("song,variant,measure,confidence_avg,low_confidence_ratio,line_confidence_median,line_confidence_p10,start_aae,over1000,gate,decoy_margin,lyrics_nats,decoy_nats,relative_margin\n");
        foreach (var r in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"\"{r.Song}\",{r.Variant},{r.Measure},{r.ConfidenceAverage:0.0000},{r.LowConfidenceRatio:0.0000},{r.LineConfidenceMedian:0.0000},{r.LineConfidenceP10:0.0000},{r.StartAae:0.000},{r.Over1000:0.000},{(r.GatePassed ? "pass" : "reject")},{r.DecoyMargin:0.0000},{r.LyricsNats:0.0000},{r.DecoyNats:0.0000},{r.RelativeMargin:0.0000}\n");
        }

        var path = Path.Combine(outDirectory, stem + "_confidence.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}

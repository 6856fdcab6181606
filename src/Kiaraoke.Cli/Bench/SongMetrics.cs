namespace Kiaraoke.Cli.Bench;

/// <summary>Error statistics of one set of word times (starts or ends) against the annotation, in seconds.</summary>
internal sealed record ErrorStats(double Aae, double Median, double P95, double Hit100, double Hit150, double Hit300, double Over800, double Over1000)
{
    public static ErrorStats From(IReadOnlyList<double> errors)
    {
        if (errors.Count == 0)
        {
            return new ErrorStats(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = errors.Order().ToArray();
        double Share(Func<double, bool> predicate) => (double)errors.Count(predicate) / errors.Count;
        return new ErrorStats(
            errors.Average(),
            Percentile(sorted, 0.5),
            Percentile(sorted, 0.95),
            Share(e => e <= 0.100 + 1e-9),
            Share(e => e <= 0.150 + 1e-9),
            Share(e => e <= 0.300 + 1e-9),
            Share(e => e > 0.8),
            Share(e => e > 1.0));
    }

    /// <summary>Linear interpolation between closest ranks.</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 1)
        {
            return sorted[0];
        }

        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}

/// <summary>Every metric of one song for one engine run.</summary>
internal sealed record SongMetrics(string Song, int Words, int Missing, ErrorStats Starts, ErrorStats Ends, double Perc, double LineSyncOk, double[] StartErrors, IReadOnlyList<WordOutcome> Outcomes);

/// <summary>A predicted word: its text and times in seconds.</summary>
internal sealed record PredictedWord(string Text, double Start, double End);

internal static class SongScorer
{
    /// <summary>
    /// Scores predictions against a song's annotation. Every annotated word counts: a word without a prediction
    /// costs the song's duration. Perc is MIREX's percentage of correct segments: the share of the song during
    /// which the word last started according to the prediction is the word last started according to the
    /// annotation. line_sync_ok is the share of lines whose every word starts within 300 ms.
    /// </summary>
    public static SongMetrics Score(GoldenSong song, IReadOnlyList<PredictedWord> predicted, double durationSeconds)
    {
        var match = WordMatcher.Match(song.Words.Select(w => w.Text).ToList(), predicted.Select(p => p.Text).ToList());
        var startErrors = new double[song.Words.Count];
        var endErrors = new double[song.Words.Count];
        var predictedStart = new double[song.Words.Count];
        var outcomes = new WordOutcome[song.Words.Count];
        var lineOfWord = LineIndexOfWords(song);
        var missing = 0;
        for (var i = 0; i < song.Words.Count; i++)
        {
            if (match[i] < 0)
            {
                missing++;
                startErrors[i] = durationSeconds;
                endErrors[i] = durationSeconds;
                predictedStart[i] = double.NaN;
                outcomes[i] = WordOutcome.For(song, i, lineOfWord, null, durationSeconds);
                continue;
            }

            var p = predicted[match[i]];
            startErrors[i] = Math.Abs(p.Start - song.Words[i].Start);
            endErrors[i] = Math.Abs(p.End - song.Words[i].End);
            predictedStart[i] = p.Start;
            outcomes[i] = WordOutcome.For(song, i, lineOfWord, p, durationSeconds);
        }

        return new SongMetrics(
            song.Id,
            song.Words.Count,
            missing,
            ErrorStats.From(startErrors),
            ErrorStats.From(endErrors),
            Perc(song.Words.Select(w => w.Start).ToArray(), predictedStart, durationSeconds),
            LineSyncOk(song, startErrors),
            startErrors,
            outcomes);
    }

    /// <summary>Share of [0, duration) where the last-started word agrees, evaluated exactly on the union of onsets.</summary>
    internal static double Perc(double[] referenceStarts, double[] predictedStarts, double duration)
    {
        if (duration <= 0)
        {
            return double.NaN;
        }

        var cuts = referenceStarts.Concat(predictedStarts.Where(p => !double.IsNaN(p)))
            .Select(t => Math.Clamp(t, 0, duration))
            .Append(0).Append(duration)
            .Distinct().Order().ToArray();
        var correct = 0.0;
        for (var k = 0; k + 1 < cuts.Length; k++)
        {
            var t = (cuts[k] + cuts[k + 1]) / 2;
            if (Current(referenceStarts, t) == Current(predictedStarts, t))
            {
                correct += cuts[k + 1] - cuts[k];
            }
        }

        return correct / duration;
    }

    // Index of the word last started at time t (the highest index whose start ≤ t), or −1 before any.
    private static int Current(double[] starts, double t)
    {
        var current = -1;
        for (var i = 0; i < starts.Length; i++)
        {
            if (!double.IsNaN(starts[i]) && starts[i] <= t)
            {
                current = i;
            }
        }

        return current;
    }

    private static double LineSyncOk(GoldenSong song, double[] startErrors)
    {
        var lineOfWord = LineIndexOfWords(song);
        if (lineOfWord is null)
        {
            return double.NaN;
        }

        var lines = lineOfWord.Max() + 1;
        var ok = new bool[lines];
        Array.Fill(ok, true);
        for (var i = 0; i < startErrors.Length; i++)
        {
            if (startErrors[i] > 0.300 + 1e-9)
            {
                ok[lineOfWord[i]] = false;
            }
        }

        return (double)ok.Count(v => v) / lines;
    }

    /// <summary>The line of each annotated word, from the word counts of lines.csv; null without lines.</summary>
    internal static int[]? LineIndexOfWords(GoldenSong song)
    {
        if (song.Lines.Count == 0)
        {
            return null;
        }

        var result = new int[song.Words.Count];
        var word = 0;
        for (var l = 0; l < song.Lines.Count && word < result.Length; l++)
        {
            var count = song.Lines[l].Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            for (var k = 0; k < count && word < result.Length; k++)
            {
                result[word++] = l;
            }
        }

        for (; word < result.Length; word++)
        {
            result[word] = song.Lines.Count - 1;
        }

        return result;
    }
}

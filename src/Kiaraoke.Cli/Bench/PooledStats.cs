namespace Kiaraoke.Cli.Bench;

/// <summary>
/// Figures over every annotated word of a set at once (not means of per-song figures), in seconds: start and end
/// error statistics, signed biases (mean predicted − reference over predicted words; positive = late), and start and end
/// AAE and bias by position in line (first / inner / last word) and for the first word after an instrumental break.
/// </summary>
internal static class PooledStats
{
    public static IReadOnlyDictionary<string, double> Of(IEnumerable<WordOutcome> outcomes)
    {
        var words = outcomes.ToList();
        var starts = ErrorStats.From(words.Select(w => w.StartError).ToList());
        var ends = ErrorStats.From(words.Select(w => w.EndError).ToList());
        var found = words.Where(w => !w.Missing).ToList();
        double Aae(Func<WordOutcome, bool> which, Func<WordOutcome, double> error)
        {
            var chosen = words.Where(which).Select(error).ToList();
            return chosen.Count == 0 ? double.NaN : chosen.Average();
        }

        double Bias(Func<WordOutcome, bool> which, Func<WordOutcome, double> bias)
        {
            var chosen = found.Where(which).Select(bias).ToList();
            return chosen.Count == 0 ? double.NaN : chosen.Average();
        }

        return new Dictionary<string, double>
        {
            ["words"] = words.Count,
            ["start_aae"] = starts.Aae,
            ["start_median"] = starts.Median,
            ["start_p95"] = starts.P95,
            ["start_hit300"] = starts.Hit300,
            ["start_over1000"] = starts.Over1000,
            ["start_bias"] = Bias(_ => true, w => w.StartBias),
            ["end_aae"] = ends.Aae,
            ["end_median"] = ends.Median,
            ["end_p95"] = ends.P95,
            ["end_bias"] = Bias(_ => true, w => w.EndBias),
            ["first_start_aae"] = Aae(w => w.Position == LinePosition.First, w => w.StartError),
            ["inner_start_aae"] = Aae(w => w.Position == LinePosition.Inner, w => w.StartError),
            ["last_start_aae"] = Aae(w => w.Position == LinePosition.Last, w => w.StartError),
            ["first_start_bias"] = Bias(w => w.Position == LinePosition.First, w => w.StartBias),
            ["inner_start_bias"] = Bias(w => w.Position == LinePosition.Inner, w => w.StartBias),
            ["last_start_bias"] = Bias(w => w.Position == LinePosition.Last, w => w.StartBias),
            ["first_end_aae"] = Aae(w => w.Position == LinePosition.First, w => w.EndError),
            ["inner_end_aae"] = Aae(w => w.Position == LinePosition.Inner, w => w.EndError),
            ["last_end_aae"] = Aae(w => w.Position == LinePosition.Last, w => w.EndError),
            ["first_end_bias"] = Bias(w => w.Position == LinePosition.First, w => w.EndBias),
            ["inner_end_bias"] = Bias(w => w.Position == LinePosition.Inner, w => w.EndBias),
            ["last_end_bias"] = Bias(w => w.Position == LinePosition.Last, w => w.EndBias),
            ["after_break_start_aae"] = Aae(w => w.AfterBreak, w => w.StartError),
            ["after_break_start_bias"] = Bias(w => w.AfterBreak, w => w.StartBias),
            ["after_break_end_aae"] = Aae(w => w.AfterBreak, w => w.EndError),
            ["after_break_end_bias"] = Bias(w => w.AfterBreak, w => w.EndBias),
            ["first_words"] = words.Count(w => w.Position == LinePosition.First),
            ["inner_words"] = words.Count(w => w.Position == LinePosition.Inner),
            ["last_words"] = words.Count(w => w.Position == LinePosition.Last),
            ["after_break_words"] = words.Count(w => w.AfterBreak),
        };
    }
}

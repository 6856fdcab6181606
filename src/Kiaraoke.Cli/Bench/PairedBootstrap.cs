namespace Kiaraoke.Cli.Bench;

/// <summary>A difference of mean errors (engine − baseline, seconds) and the baseline/engine ratio, each with a 95 % interval.</summary>
internal sealed record PairedComparison(double Difference, double DifferenceLow, double DifferenceHigh, double Ratio, double RatioLow, double RatioHigh);

/// <summary>
/// Paired percentile bootstrap over words: both engines' errors on the same annotated words are resampled together
/// (words drawn with replacement, <see cref="Resamples"/> times, fixed seed), so the interval reflects which words the
/// set happens to hold, not run-to-run noise (the engines are deterministic).
/// </summary>
internal static class PairedBootstrap
{
    public const int Resamples = 2_000;

    public static PairedComparison Compare(IReadOnlyList<double> engine, IReadOnlyList<double> baseline, int seed = 12345)
    {
        if (engine.Count != baseline.Count || engine.Count == 0)
        {
            throw new ArgumentException($"A paired comparison needs the same words on both sides ({engine.Count} vs {baseline.Count}).");
        }

        var n = engine.Count;
        var random = new Random(seed);
        var differences = new double[Resamples];
        var ratios = new double[Resamples];
        for (var r = 0; r < Resamples; r++)
        {
            double a = 0, b = 0;
            for (var k = 0; k < n; k++)
            {
                var i = random.Next(n);
                a += engine[i];
                b += baseline[i];
            }

            differences[r] = (a - b) / n;
            ratios[r] = a > 0 ? b / a : double.PositiveInfinity;
        }

        Array.Sort(differences);
        Array.Sort(ratios);
        var meanEngine = engine.Average();
        var meanBaseline = baseline.Average();
        return new PairedComparison(
            meanEngine - meanBaseline,
            ErrorStats.Percentile(differences, 0.025),
            ErrorStats.Percentile(differences, 0.975),
            meanEngine > 0 ? meanBaseline / meanEngine : double.PositiveInfinity,
            ErrorStats.Percentile(ratios, 0.025),
            ErrorStats.Percentile(ratios, 0.975));
    }
}

namespace Kiaraoke.Cli.Bench;

/// <summary>
/// Line times as an LRC from LRCLib carries them: a start per line and no end (a line lasts until the next one
/// starts). Each start is the annotated start plus one offset drawn once per song, uniform in
/// ±<see cref="SongOffsetMs"/> (a file synced on another edit or by ear), plus a per-line error drawn from a normal
/// distribution with σ = <see cref="LineErrorSigmaMs"/>, cut at ±<see cref="LineErrorLimitMs"/> (tapping along by
/// hand), rounded to centiseconds as LRC writes them, and never before the previous line's start (sync tools keep
/// lines in order).
/// </summary>
internal static class LrcLikeLines
{
    public const int SongOffsetMs = 300;
    public const int LineErrorSigmaMs = 150;
    public const int LineErrorLimitMs = 500;

    public static int[] Starts(IReadOnlyList<int> annotatedStartsMs, Random random)
    {
        var offset = random.Next(-SongOffsetMs, SongOffsetMs + 1);
        var starts = new int[annotatedStartsMs.Count];
        for (var i = 0; i < starts.Length; i++)
        {
            var error = Math.Clamp(Gaussian(random) * LineErrorSigmaMs, -LineErrorLimitMs, LineErrorLimitMs);
            var start = (int)(Math.Round((annotatedStartsMs[i] + offset + error) / 10.0) * 10);
            starts[i] = Math.Max(Math.Max(0, start), i > 0 ? starts[i - 1] : 0);
        }

        return starts;
    }

    // Box–Muller: one standard normal draw from two uniform ones.
    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

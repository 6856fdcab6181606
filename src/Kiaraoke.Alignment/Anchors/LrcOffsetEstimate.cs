namespace Kiaraoke.Alignment.Anchors;

/// <summary>
/// Where the lines are sung relative to their LRC times: <see cref="OffsetMs"/> &gt; 0 means sung later than written.
/// <see cref="Agreement"/> is the share of the <see cref="Lines"/> voting lines within
/// <see cref="LrcOffsetDetector.AgreementMs"/> of the estimate.
/// </summary>
public sealed record LrcOffsetEstimate(int OffsetMs, double Agreement, int Lines, bool Confident)
{
    public static LrcOffsetEstimate None { get; } = new(0, 0, 0, false);
}

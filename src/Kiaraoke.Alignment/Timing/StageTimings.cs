namespace Kiaraoke.Alignment.Timing;

/// <summary>Wall time of each stage of one alignment.</summary>
public sealed record StageTimings(TimeSpan Decode, TimeSpan Emissions, TimeSpan Viterbi, TimeSpan PostProcess)
{
    public TimeSpan Total => Decode + Emissions + Viterbi + PostProcess;
}

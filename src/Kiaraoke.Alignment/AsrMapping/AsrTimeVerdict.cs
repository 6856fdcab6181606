using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// What <see cref="AsrTimeUnitGuard"/> concluded about the times of one external transcription: the unit they are
/// in (seconds, or milliseconds by mistake) or why they were refused.
/// </summary>
public sealed record AsrTimeVerdict(TimeUnit Unit, double MaxReported, string? Refusal)
{
    public bool Accepted => Refusal is null;

    /// <summary>Converts one reported value to seconds. Only valid on an accepted verdict.</summary>
    public double ToSeconds(double reported) => Unit switch
    {
        TimeUnit.Seconds => reported,
        TimeUnit.Milliseconds => reported / 1000.0,
        _ => throw new TimingContractException($"Times in unit {Unit} cannot be read as seconds: {Refusal}"),
    };
}

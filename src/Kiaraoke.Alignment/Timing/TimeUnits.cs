using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// Explicit conversions to milliseconds, and a guard that tells, from the largest value and the audio's duration,
/// whether times are seconds, milliseconds or 20 ms CTC frames — so a payload in the wrong unit is caught, not
/// silently stretched ×1000 or ×50.
/// </summary>
public static class TimeUnits
{
    // Word times cover at most the audio, plus a small tolerance for rounding and trailing padding.
    private const double Tolerance = 1.02;

    public static int SecondsToMs(double seconds) => (int)Math.Round(seconds * 1000.0, MidpointRounding.AwayFromZero);

    /// <summary>Classifies <paramref name="values"/> against an audio of <paramref name="durationSeconds"/>.</summary>
    public static TimeUnit Detect(IReadOnlyCollection<double> values, double durationSeconds)
    {
        if (values.Count == 0 || durationSeconds <= 0)
        {
            return TimeUnit.Unknown;
        }

        var max = values.Max();
        if (values.Any(v => v < 0 || double.IsNaN(v)) || max <= 0)
        {
            return TimeUnit.Unknown;
        }

        var ratio = max / durationSeconds;
        return ratio switch
        {
            <= Tolerance => TimeUnit.Seconds,
            <= (1000.0 / EmissionMatrix.FrameMs) * Tolerance => TimeUnit.Frames,
            <= 1000.0 * Tolerance => TimeUnit.Milliseconds,
            _ => TimeUnit.Unknown,
        };
    }

    /// <summary>Converts values of a known unit to integer milliseconds.</summary>
    public static int ToMs(double value, TimeUnit unit) => unit switch
    {
        TimeUnit.Seconds => SecondsToMs(value),
        TimeUnit.Milliseconds => (int)Math.Round(value, MidpointRounding.AwayFromZero),
        TimeUnit.Frames => (int)Math.Round(value * EmissionMatrix.FrameMs, MidpointRounding.AwayFromZero),
        _ => throw new TimingContractException("Cannot convert times whose unit is unknown."),
    };
}

using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// The time-unit guard applied to every external speech-to-text answer. Seconds are expected. Values that only make
/// sense as milliseconds are accepted and converted explicitly; anything else (frames, negative or NaN values, times
/// far past the audio) is refused so the caller moves to the next tier instead of stretching a song ×1000.
/// </summary>
public static class AsrTimeUnitGuard
{
    /// <summary>Whisper may place a last word slightly past the end of the audio; the timing contract allows 5 s.</summary>
    public const double OvershootSeconds = 5.0;

    public static AsrTimeVerdict Check(IReadOnlyCollection<double> reportedTimes, double durationSeconds)
    {
        if (durationSeconds <= 0 || double.IsNaN(durationSeconds))
        {
            return new AsrTimeVerdict(TimeUnit.Unknown, 0, $"the audio duration ({durationSeconds} s) is not usable to check time units");
        }

        if (reportedTimes.Count == 0)
        {
            return new AsrTimeVerdict(TimeUnit.Seconds, 0, null); // Nothing timed, nothing to mis-read.
        }

        if (reportedTimes.Any(t => double.IsNaN(t) || double.IsInfinity(t) || t < 0))
        {
            return new AsrTimeVerdict(TimeUnit.Unknown, double.NaN, "negative or non-finite times");
        }

        var max = reportedTimes.Max();
        if (max <= durationSeconds + OvershootSeconds)
        {
            return new AsrTimeVerdict(TimeUnit.Seconds, max, null);
        }

        var unit = TimeUnits.Detect(reportedTimes, durationSeconds);
        return unit switch
        {
            TimeUnit.Seconds => new AsrTimeVerdict(TimeUnit.Seconds, max, null),
            TimeUnit.Milliseconds => new AsrTimeVerdict(TimeUnit.Milliseconds, max, null),
            _ => new AsrTimeVerdict(
                unit,
                max,
                $"the largest time {max} fits neither seconds nor milliseconds for an audio of {durationSeconds:0.###} s"),
        };
    }
}

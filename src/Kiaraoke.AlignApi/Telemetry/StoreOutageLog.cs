using System.Runtime.CompilerServices;

namespace Kiaraoke.AlignApi.Telemetry;

/// <summary>
/// During a database outage every cache miss fails its read; logging each one (with EF Core's stack traces) buried
/// the log under thousands of entries. Failures are counted per logger instead: the first one is logged at once, then
/// at most one warning per <see cref="Interval"/>, carrying how many reads failed since the previous warning.
/// </summary>
internal static class StoreOutageLog
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private static readonly ConditionalWeakTable<ILogger, Window> Windows = [];

    public static void ReadFailed(ILogger logger, string trackId, string database, string error) =>
        ReadFailed(logger, trackId, database, error, Interval);

    internal static void ReadFailed(ILogger logger, string trackId, string database, string error, TimeSpan interval)
    {
        var window = Windows.GetValue(logger, _ => new Window());
        int failures;
        lock (window)
        {
            window.Failures++;
            var now = Environment.TickCount64;
            if (window.LoggedAt is { } last && now - last < (long)interval.TotalMilliseconds)
            {
                return;
            }

            failures = window.Failures;
            window.Failures = 0;
            window.LoggedAt = now;
        }

        ReliabilityLog.StoreReadsFailing(logger, database, failures, (int)Math.Ceiling(interval.TotalSeconds), trackId, error);
    }

    private sealed class Window
    {
        public int Failures { get; set; }

        public long? LoggedAt { get; set; }
    }
}

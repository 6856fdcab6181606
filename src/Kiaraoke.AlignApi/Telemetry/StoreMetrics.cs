using System.Diagnostics.Metrics;

namespace Kiaraoke.AlignApi.Telemetry;

/// <summary>
/// Instruments of the cache levels and the database writes, on the service's one meter (<see cref="AlignMetrics.MeterName"/>);
/// kept apart from <see cref="AlignMetrics"/> because only the store uses them. Tags are bounded: level, result, outcome.
/// </summary>
public sealed class StoreMetrics
{
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _writeFailures;
    private readonly Counter<long> _retries;

    public StoreMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(AlignMetrics.MeterName);
        _lookups = meter.CreateCounter<long>("kiaraoke.store.lookups", "{lookup}",
            "Look-ups per cache level (memory, redis, database) by result (hit, miss, unavailable, error).");
        _writeFailures = meter.CreateCounter<long>("kiaraoke.store.write_failures", "{write}",
            "Database writes of computed results that failed and went to the retry queue.");
        _retries = meter.CreateCounter<long>("kiaraoke.store.write_retries", "{write}",
            "Queued writes retried, by outcome (stored, failed, dropped when the queue was full).");
        meter.CreateObservableGauge("kiaraoke.store.pending_writes", () => PendingWrites?.Invoke() ?? 0, "{write}",
            "Computed results waiting in the retry queue for the database.");
    }

    /// <summary>Set by the retry queue: how many writes wait.</summary>
    public Func<int>? PendingWrites { get; set; }

    public void Lookup(string level, string result) =>
        _lookups.Add(1, new KeyValuePair<string, object?>("level", level), new KeyValuePair<string, object?>("result", result));

    public void WriteFailed() => _writeFailures.Add(1);

    public void Retry(string outcome) => _retries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}

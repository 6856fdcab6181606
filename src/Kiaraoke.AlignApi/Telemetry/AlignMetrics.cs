using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Kiaraoke.AlignApi.Telemetry;

/// <summary>Every instrument of the service, created once through <see cref="IMeterFactory"/>. Tags are bounded: tier, outcome, reason code.</summary>
public sealed class AlignMetrics
{
    public const string MeterName = "Kiaraoke.AlignApi";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _fallbacks;
    private readonly Histogram<double> _confidence;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _cache;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _computations;

    public AlignMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("kiaraoke.align.tier.requests", "{request}", "Alignments attempted per tier, by outcome (success, failure, gate_rejected).");
        _duration = meter.CreateHistogram<double>("kiaraoke.align.tier.duration", "s", "Wall time of one tier's attempt.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320] });
        _fallbacks = meter.CreateCounter<long>("kiaraoke.align.fallbacks", "{fallback}", "A tier skipped or abandoned, by reason code.");
        _confidence = meter.CreateHistogram<double>("kiaraoke.align.confidence_avg", "1", "Mean word confidence of delivered alignments.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0] });
        _failures = meter.CreateCounter<long>("kiaraoke.align.tier.errors", "{error}", "Tier failures by kind (timeout, out_of_memory, error).");
        _cache = meter.CreateCounter<long>("kiaraoke.align.cache.lookups", "{lookup}", "Cache lookups by result (hit, miss, stale).");
        _rejected = meter.CreateCounter<long>("kiaraoke.align.rejected", "{request}", "Alignments refused because the inference queue was full (429).");
        _computations = meter.CreateCounter<long>("kiaraoke.align.computations", "{computation}", "Alignments actually computed (shared by single-flight waiters).");
        meter.CreateObservableGauge("kiaraoke.align.tier1.breaker_state", () => BreakerState?.Invoke() ?? 0, "{state}",
            "Tier 1 circuit breaker: 0 closed, 1 open, 2 half-open, 3 isolated (disabled by the admin switch).");
    }

    /// <summary>Set by the breaker owner; read when the gauge is observed.</summary>
    public Func<int>? BreakerState { get; set; }

    public void TierAttempt(int tier, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "tier", tier }, { "outcome", outcome } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Fallback(int fromTier, string reasonCode) =>
        _fallbacks.Add(1, new KeyValuePair<string, object?>("tier", fromTier), new KeyValuePair<string, object?>("reason", reasonCode));

    public void Delivered(int tier, double confidenceAverage) =>
        _confidence.Record(confidenceAverage, new KeyValuePair<string, object?>("tier", tier));

    public void TierError(int tier, string kind) =>
        _failures.Add(1, new KeyValuePair<string, object?>("tier", tier), new KeyValuePair<string, object?>("kind", kind));

    public void CacheLookup(string result) => _cache.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Rejected() => _rejected.Add(1);

    public void Computation() => _computations.Add(1);
}

/// <summary>The service's spans: one per stage (decode, emissions, viterbi, postprocess, cache) under one per request.</summary>
public static class AlignActivity
{
    public const string SourceName = "Kiaraoke.AlignApi";

    public static readonly ActivitySource Source = new(SourceName);
}

/// <summary>
/// Turns the core's progress reports into consecutive spans: emissions from construction, then "viterbi" and
/// "postprocess", which the core reports synchronously on the aligning thread. The "emissions n%" reports arrive
/// through <see cref="Progress{T}"/> on the thread pool, possibly late, so they are ignored.
/// </summary>
public sealed class StageSpanProgress : IProgress<string>, IDisposable
{
    private readonly ActivityContext _parent;
    private Activity? _current;
    private string? _stage;

    public StageSpanProgress(Activity? parent)
    {
        _parent = parent?.Context ?? default;
        Open("emissions");
    }

    public void Report(string value)
    {
        if (value is "viterbi" or "postprocess" && value != _stage)
        {
            Open(value);
        }
    }

    private void Open(string stage)
    {
        _current?.Dispose();
        _stage = stage;
        _current = AlignActivity.Source.StartActivity(stage, ActivityKind.Internal, _parent);
    }

    public void Dispose() => _current?.Dispose();
}

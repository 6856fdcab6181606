using System.Diagnostics;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Telemetry;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Quality;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;

namespace Kiaraoke.AlignApi.Pipeline;

/// <summary>What the router delivered: the result, the engine that made it, and why earlier tiers were not used.</summary>
public sealed record RoutedAlignment(AlignmentResult Result, IAlignmentEngine Engine, string? FallbackReason, AlignmentQuality Quality, bool Degraded);

/// <summary>Tier 1 produced a result the quality gate refused; it travels through the breaker as a failure.</summary>
public sealed class GateRejectedException(GateVerdict verdict, AlignmentResult result)
    : Exception($"quality gate rejected the alignment: {verdict.Reason}")
{
    public GateVerdict Verdict { get; } = verdict;

    public AlignmentResult Result { get; } = result;
}

/// <summary>No tier produced an acceptable result. <see cref="InputProblem"/> when every failure blames the input.</summary>
public sealed class AlignmentFailedException(string reasons, bool inputProblem)
    : Exception($"No alignment tier could align this request: {reasons}")
{
    public string Reasons { get; } = reasons;

    public bool InputProblem { get; } = inputProblem;
}

/// <summary>
/// The only place that knows the tiers. Auto mode: lyrics of at least <see cref="AlignmentOptions.MinLyricsCharactersForCtc"/>
/// characters go to Tier 1 (CTC) behind its circuit breaker and quality gate; short lyrics, failures and rejections
/// fall through to Tier 2 then Tier 3, each within its own timeout. Every skip records a reason code.
/// </summary>
public sealed class TierRouter(
    IEnumerable<IAlignmentEngine> engines,
    ResiliencePipelineProvider<string> pipelines,
    IOptionsMonitor<AlignmentOptions> options,
    AlignMetrics metrics,
    ILogger<TierRouter> logger,
    IEnumerable<ITier1Repair> repairs)
{
    private readonly IAlignmentEngine[] _engines = engines.ToArray();

    // Built now so the breaker's state provider and manual control are attached before the first request.
    private readonly ResiliencePipeline _tier1 = pipelines.GetPipeline(Tier1Breaker.PipelineKey);

    public static string PipelineKey(AlignmentTier tier) => tier == AlignmentTier.Ctc ? Tier1Breaker.PipelineKey : $"tier{(int)tier}";

    public IAlignmentEngine? EngineFor(AlignmentTier tier) => _engines.LastOrDefault(e => e.Tier == tier);

    public IReadOnlyList<AlignmentTier> Plan(AlignmentJob job, List<string> reasons)
    {
        var current = options.CurrentValue;
        switch (current.Engine)
        {
            case "ctc":
            case "mms_ctc":
                return [AlignmentTier.Ctc];
            case "whisper":
                return [AlignmentTier.SharedWhisper, AlignmentTier.GroqWhisper];
        }

        var characters = job.Lyrics.AllWords.Sum(w => w.Text.Length);
        if (characters < current.MinLyricsCharactersForCtc)
        {
            reasons.Add($"lyrics_too_short: {characters} characters < {current.MinLyricsCharactersForCtc}");
            metrics.Fallback(1, "lyrics_too_short");
            return [AlignmentTier.SharedWhisper, AlignmentTier.GroqWhisper];
        }

        return [AlignmentTier.Ctc, AlignmentTier.SharedWhisper, AlignmentTier.GroqWhisper];
    }

    public async Task<RoutedAlignment> AlignAsync(AlignmentJob job, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        var inputBlamed = true;
        (GateRejectedException Rejection, IAlignmentEngine Engine)? degraded = null;
        var current = options.CurrentValue;
        var gate = new QualityGate(current.MinConfidenceAverage, current.MaxLowConfidenceRatio, current.MinDecoyMargin);

        var plan = Plan(job, reasons);
        var lastAvailable = plan.LastOrDefault(t => EngineFor(t) is { IsAvailable: true });
        foreach (var tier in plan)
        {
            var engine = EngineFor(tier);
            if (engine is null || !engine.IsAvailable)
            {
                if (tier == AlignmentTier.Ctc)
                {
                    Skip(job, tier, "tier1_unavailable", "tier1_unavailable: the Tier 1 model is not loaded", reasons);
                    inputBlamed = false;
                }

                continue;
            }

            var clock = Stopwatch.StartNew();
            try
            {
                var pipeline = tier == AlignmentTier.Ctc ? _tier1 : pipelines.GetPipeline(PipelineKey(tier));
                // With no later tier to fall back to, a result under the confidence bar is delivered as degraded
                // (and does not count against the breaker): it is still the best answer available.
                var state = new Attempt(engine, job, tier == AlignmentTier.Ctc ? gate : null, AcceptDegraded: tier == lastAvailable);
                var (result, verdict) = await pipeline.ExecuteAsync(static async (s, ct) => await s.RunAsync(ct).ConfigureAwait(false), state, cancellationToken)
                    .ConfigureAwait(false);
                var quality = AlignmentQuality.Measure(result);
                if (verdict is { Passed: false })
                {
                    metrics.TierAttempt((int)tier, "degraded", clock.Elapsed);
                    Skip(job, tier, "gate_rejected", $"gate_rejected: {verdict.Reason} (no later tier: delivered degraded)", reasons);
                    return new RoutedAlignment(result, engine, Join(reasons), quality, Degraded: true);
                }

                metrics.TierAttempt((int)tier, "success", clock.Elapsed);
                return new RoutedAlignment(result, engine, Join(reasons), quality, Degraded: false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                metrics.TierAttempt((int)tier, "cancelled", clock.Elapsed);
                throw;
            }
            catch (BrokenCircuitException ex)
            {
                // Open (repeated failures) or isolated (the admin switch): Tier 1 is skipped without running.
                var code = ex is IsolatedCircuitException ? "tier1_disabled" : "breaker_open";
                Skip(job, tier, code, code, reasons);
                inputBlamed = false;
            }
            catch (GateRejectedException ex)
            {
                metrics.TierAttempt((int)tier, "gate_rejected", clock.Elapsed);
                Skip(job, tier, "gate_rejected", $"gate_rejected: {ex.Verdict.Reason}", reasons);
                inputBlamed = false;
                if (tier == AlignmentTier.Ctc && await RepairAsync(job, ex.Result, engine, gate, reasons, cancellationToken).ConfigureAwait(false) is { } repaired)
                {
                    return repaired;
                }

                if (!ex.Verdict.Reason!.StartsWith("timing_contract", StringComparison.Ordinal))
                {
                    degraded ??= (ex, engine);
                }
            }
            catch (Exception ex)
            {
                var (code, blamesInput) = Classify(ex);
                metrics.TierAttempt((int)tier, "failure", clock.Elapsed);
                if (code is "timeout" or "out_of_memory" or "error")
                {
                    metrics.TierError((int)tier, code);
                }

                Skip(job, tier, code, $"{code}: {Describe(tier, ex)}", reasons);
                inputBlamed &= blamesInput;
            }
        }

        var joined = Join(reasons) ?? "no alignment engine is configured for this request";
        if (degraded is { } best)
        {
            // The last resort: a result that honours the timing contract but missed the confidence bar beats nothing.
            var quality = best.Rejection.Verdict.Quality;
            return new RoutedAlignment(best.Rejection.Result, best.Engine, joined, quality, Degraded: true);
        }

        AlignLog.AlignmentFailed(logger, job.TrackId, joined);
        throw new AlignmentFailedException(joined, inputBlamed && reasons.Count > 0);
    }

    // Segment-level fallback: a refused Tier-1 result whose weak lines Whisper could re-time, and which then passes.
    private async Task<RoutedAlignment?> RepairAsync(
        AlignmentJob job, AlignmentResult rejected, IAlignmentEngine tier1, QualityGate gate, List<string> reasons, CancellationToken cancellationToken)
    {
        foreach (var repair in repairs)
        {
            var repaired = await repair.TryRepairAsync(job, rejected, tier1, cancellationToken).ConfigureAwait(false);
            if (repaired is null)
            {
                continue;
            }

            var verdict = gate.Evaluate(repaired.Result);
            if (verdict.Passed)
            {
                reasons.Add($"{repaired.Engine.Source}: {repaired.Note}");
                return new RoutedAlignment(repaired.Result, repaired.Engine, Join(reasons), verdict.Quality, Degraded: false);
            }
        }

        return null;
    }

    private void Skip(AlignmentJob job, AlignmentTier tier, string code, string reason, List<string> reasons)
    {
        var text = $"tier{(int)tier} {reason}";
        reasons.Add(text);
        metrics.Fallback((int)tier, code);
        AlignLog.TierFallback(logger, job.TrackId, (int)tier, code, text);
    }

    private static string? Join(List<string> reasons) => reasons.Count == 0 ? null : string.Join("; ", reasons);

    private static (string Code, bool BlamesInput) Classify(Exception ex) => ex switch
    {
        TimeoutRejectedException => ("timeout", false),
        OutOfMemoryException => ("out_of_memory", false),
        Microsoft.ML.OnnxRuntime.OnnxRuntimeException ort when ort.Message.Contains("alloc", StringComparison.OrdinalIgnoreCase) => ("out_of_memory", false),
        CtcAlignmentException or LyricsFormatException => ("alignment_impossible", true),
        TimingContractException => ("timing_contract", false),
        Fallbacks.AsrBackendException asr => (asr.Reason, false),
        _ => ("error", false),
    };

    private static string Describe(AlignmentTier tier, Exception ex) => ex switch
    {
        TimeoutRejectedException t => $"tier {(int)tier} exceeded its {t.Timeout.TotalSeconds:0} s timeout",
        _ => ex.Message,
    };

    /// <summary>Inputs of the breaker-guarded call: the engine's result, checked by the gate when there is one.</summary>
    private sealed record Attempt(IAlignmentEngine Engine, AlignmentJob Job, QualityGate? Gate, bool AcceptDegraded)
    {
        public async Task<(AlignmentResult Result, GateVerdict? Verdict)> RunAsync(CancellationToken cancellationToken)
        {
            var result = await Engine.AlignAsync(Job, cancellationToken).ConfigureAwait(false);
            if (Gate is not null)
            {
                var verdict = Gate.Evaluate(result);
                var timingBroken = verdict.Reason?.StartsWith("timing_contract", StringComparison.Ordinal) == true;
                if (!verdict.Passed && (timingBroken || !AcceptDegraded))
                {
                    throw new GateRejectedException(verdict, result);
                }

                return (result, verdict);
            }
            else
            {
                var problems = TimingContractValidator.Validate(result.Lines, result.DurationMs);
                if (problems.Count > 0)
                {
                    throw new TimingContractException($"{Engine.Source} broke the timing contract: {problems[0]}");
                }
            }

            return (result, null);
        }
    }
}

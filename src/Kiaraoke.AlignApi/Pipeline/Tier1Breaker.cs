using Kiaraoke.AlignApi.Telemetry;
using Polly.CircuitBreaker;

namespace Kiaraoke.AlignApi.Pipeline;

/// <summary>
/// The Tier 1 circuit breaker's handles: its state (read by the router and the breaker gauge) and its manual control,
/// which the admin switch uses to disable Tier 1 at run time (isolated) and to enable it again (closed).
/// </summary>
public sealed class Tier1Breaker
{
    public const string PipelineKey = "tier1-ctc";

    public Tier1Breaker(AlignMetrics metrics)
    {
        metrics.BreakerState = () => (int)State;
    }

    public CircuitBreakerStateProvider StateProvider { get; } = new();

    public CircuitBreakerManualControl ManualControl { get; } = new();

    public CircuitState State => StateProvider.CircuitState;

    public bool Disabled => State == CircuitState.Isolated;

    public static string Describe(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        CircuitState.Isolated => "disabled",
        _ => state.ToString().ToLowerInvariant(),
    };
}

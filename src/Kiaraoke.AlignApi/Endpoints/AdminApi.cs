using Kiaraoke.AlignApi.Contracts;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Input;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Security;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Polly.CircuitBreaker;

namespace Kiaraoke.AlignApi.Endpoints;

/// <summary>The runtime switch: disable or re-enable Tier 1 without a restart (isolates or closes its circuit breaker).</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin").WithTags("Admin").RequireApiKey(ApiKeyAccess.Write);

        group.MapGet("/tier1", GetTier1)
            .WithName("GetTier1")
            .WithSummary("Tier 1 state: enabled by the switch, breaker state, model")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        // The body is read by the handler, not bound: binding runs before endpoint filters, so a bad body would be
        // answered before the API key is checked.
        group.MapPut("/tier1", SetTier1Async)
            .Accepts<Tier1SwitchRequest>("application/json")
            .WithName("SetTier1")
            .WithSummary("Enable or disable Tier 1 at run time")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return group;
    }

    public static Ok<Tier1StatusResponse> GetTier1(Tier1Breaker breaker, TierRouter router, CtcModelProvider provider) =>
        TypedResults.Ok(Status(breaker, router, provider));

    public static async Task<Results<Ok<Tier1StatusResponse>, ProblemHttpResult>> SetTier1Async(
        HttpContext context, Tier1Breaker breaker, TierRouter router, CtcModelProvider provider, ILogger<Tier1Breaker> logger, CancellationToken cancellationToken)
    {
        bool enabled;
        try
        {
            enabled = await Tier1SwitchReader.ReadAsync(context.Request, cancellationToken);
        }
        catch (ApiProblemException ex)
        {
            return Problems.From(ex, context);
        }

        if (enabled)
        {
            await breaker.ManualControl.CloseAsync(cancellationToken);
        }
        else
        {
            await breaker.ManualControl.IsolateAsync(cancellationToken);
        }

        AlignLog.Tier1Switched(logger, enabled ? "enabled" : "disabled");
        return TypedResults.Ok(Status(breaker, router, provider));
    }

    private static Tier1StatusResponse Status(Tier1Breaker breaker, TierRouter router, CtcModelProvider provider)
    {
        var engine = router.EngineFor(AlignmentTier.Ctc);
        return new Tier1StatusResponse(
            breaker.State != CircuitState.Isolated,
            Tier1Breaker.Describe(breaker.State),
            engine?.IsAvailable ?? false,
            engine?.ModelVersion ?? "none",
            engine?.IsAvailable == true ? null : provider.UnavailableReason ?? "no Tier 1 engine registered");
    }
}

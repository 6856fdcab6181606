using Kiaraoke.AlignApi.Contracts;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Input;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kiaraoke.AlignApi.Endpoints;

/// <summary>Marks the endpoints whose body is either multipart (audio upload) or JSON (vocalsPath); the OpenAPI transformer documents both.</summary>
public sealed class AlignBodyMetadata;

/// <summary>POST /align and POST /regenerate.</summary>
public static class AlignApi
{
    public static RouteGroupBuilder MapAlignApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("Alignment").RequireApiKey(ApiKeyAccess.Write);

        group.MapPost("/align", AlignAsync)
            .WithName("Align")
            .WithSummary("Word timestamps for a song's vocals and known lyrics")
            .WithDescription("Serves a valid cached entry without recomputing; otherwise aligns (Tier 1 CTC, falling back to Tiers 2 and 3) and caches the result. " +
                             "Body: multipart/form-data with the vocals in a part named 'audio', or JSON with vocalsPath under the vocals root.")
            .WithAlignBody();

        group.MapPost("/regenerate", RegenerateAsync)
            .WithName("Regenerate")
            .WithSummary("Recompute word timestamps, bypassing the cache, and replace the cached entry")
            .WithDescription("Same body as POST /align; force_regenerate is implied.")
            .WithAlignBody();

        return group;
    }

    /// <summary>The song body of /align and /regenerate and every problem they may answer with.</summary>
    private static RouteHandlerBuilder WithAlignBody(this RouteHandlerBuilder builder) => builder
        .WithMetadata(new AlignBodyMetadata())
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static Task<Results<Ok<WordTimestampsResponse>, ProblemHttpResult>> AlignAsync(
        HttpContext context, AlignInputReader reader, AlignmentCoordinator coordinator, CancellationToken cancellationToken) =>
        RunAsync(context, reader, coordinator, force: false, cancellationToken);

    public static Task<Results<Ok<WordTimestampsResponse>, ProblemHttpResult>> RegenerateAsync(
        HttpContext context, AlignInputReader reader, AlignmentCoordinator coordinator, CancellationToken cancellationToken) =>
        RunAsync(context, reader, coordinator, force: true, cancellationToken);

    private static async Task<Results<Ok<WordTimestampsResponse>, ProblemHttpResult>> RunAsync(
        HttpContext context, AlignInputReader reader, AlignmentCoordinator coordinator, bool force, CancellationToken cancellationToken)
    {
        AlignRequestInput? read = null;
        try
        {
            read = await reader.ReadAsync(context.Request, force, cancellationToken);
            var outcome = await coordinator.AlignAsync(read.Input, cancellationToken);
            context.Response.Headers["X-Cache"] = outcome.FromCache ? "hit" : "miss";
            return TypedResults.Ok(WordTimestampsResponse.From(outcome.Entry));
        }
        catch (ApiProblemException ex)
        {
            // The decoder names the file it read: for an upload that is our temp name, which means nothing to the client.
            return Problems.From(read is null ? ex : ex.Naming(read.Input.Audio.Path, read.AudioName), context);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; nobody reads this answer.
            return TypedResults.Problem(statusCode: 499, title: "Client closed request", detail: "The client disconnected before the alignment finished.");
        }
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Hangfire;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Input;
using Kiaraoke.AlignApi.Jobs;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Endpoints;

/// <summary>
/// Kiaraoke's asynchronous generate-and-poll routes, so its back end can proxy them unchanged:
/// <c>POST /jobs/word-timestamps/generate</c> → <c>{status, task_id, message}</c> and
/// <c>GET /jobs/word-timestamps/task/{task_id}</c> → <c>{task_id, status, ready, successful, result, error}</c>; the
/// catalogue re-alignment (<c>POST /admin/realign</c>, progress at <c>GET /admin/realign/{task_id}</c>); and the
/// Hangfire dashboard at <c>/jobs/dashboard</c> behind the key.
/// </summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/jobs/word-timestamps").WithTags("Jobs");
        jobs.MapPost("/generate", GenerateAsync)
            .RequireApiKey(ApiKeyAccess.Write)
            .WithMetadata(new AlignBodyMetadata())
            .WithName("GenerateJob")
            .WithSummary("Queue an alignment (Kiaraoke's generate): status queued with task_id, or cached when a valid entry exists")
            .WithDescription("Body: Kiaraoke's GenerateRequest JSON (spotify_track_id, youtube_video_id, artist_name, track_name, language, force_regenerate) " +
                             "plus, optionally, the /align fields (vocalsPath, lyrics_text, lrc, synced_lines); without vocalsPath the vocals are " +
                             "Jobs:VocalsPathTemplate under the vocals root. Multipart uploads are accepted too.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        jobs.MapGet("/task/{taskId}", GetTask)
            .RequireApiKey(ApiKeyAccess.Read)
            .WithName("GetJob")
            .WithSummary("A job's state in Celery's shape: PENDING, STARTED, PROGRESS, SUCCESS (result = the word timestamps) or FAILURE (error)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var admin = routes.MapGroup("/admin/realign").WithTags("Admin").RequireApiKey(ApiKeyAccess.Write);
        admin.MapPost(string.Empty, StartRealign)
            .WithName("StartRealign")
            .WithSummary("Re-align, in the background, every stored row made by another engine version, model or post-processing flags (never corrections)")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        admin.MapGet("/{taskId}", GetRealign)
            .WithName("GetRealign")
            .WithSummary("Progress and counts of a catalogue re-alignment")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapHangfireDashboard("/jobs/dashboard", new DashboardOptions
        {
            Authorization = [routes.ServiceProvider.GetRequiredService<ApiKeyDashboardAuthorization>()],
            DisplayStorageConnectionString = false,
            AppPath = null,
        });
        return routes;
    }

    public static async Task<Results<Ok<GenerateResponse>, ProblemHttpResult>> GenerateAsync(
        HttpContext context, AlignInputReader reader, AlignmentCoordinator coordinator, AlignJobQueue queue, IOptionsMonitor<JobOptions> options, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Request.HasJsonContentType())
            {
                await AddDefaultVocalsPathAsync(context.Request, options.CurrentValue.VocalsPathTemplate, cancellationToken);
            }

            var input = (await reader.ReadAsync(context.Request, forceRegenerate: false, cancellationToken)).Input;
            if (!input.ForceRegenerate && await coordinator.GetValidAsync(input.Key, cancellationToken) is not null)
            {
                input.Audio.Dispose();
                return TypedResults.Ok(new GenerateResponse("cached", null, "Word timestamps already cached"));
            }

            var id = queue.Enqueue(input);
            return TypedResults.Ok(new GenerateResponse("queued", id, "Word timestamp generation queued"));
        }
        catch (ApiProblemException ex)
        {
            return Problems.From(ex, context);
        }
    }

    public static Results<Ok<TaskStatusResponse>, ProblemHttpResult> GetTask(string taskId, AlignJobQueue queue, HttpContext context) =>
        queue.Status(taskId) is { } status
            ? TypedResults.Ok(status)
            : Problems.From(new ApiProblemException(StatusCodes.Status404NotFound, "No such task", $"There is no job with task_id '{Clip(taskId)}'."), context);

    public static Ok<GenerateResponse> StartRealign(IBackgroundJobClient client)
    {
        var id = client.Enqueue<RealignJob>(RealignJob.Queue, j => j.RunAsync(null, CancellationToken.None));
        return TypedResults.Ok(new GenerateResponse("queued", id, "Catalogue re-alignment queued"));
    }

    public static Results<Ok<TaskStatusResponse>, ProblemHttpResult> GetRealign(string taskId, AlignJobQueue queue, JobStorage storage, HttpContext context)
    {
        if (queue.Status(taskId) is not { } status)
        {
            return Problems.From(new ApiProblemException(StatusCodes.Status404NotFound, "No such task", $"There is no job with task_id '{Clip(taskId)}'."), context);
        }

        if (status.Result is null)
        {
            using var connection = storage.GetConnection();
            if (connection.GetJobParameter(taskId, RealignJob.ProgressParameter) is { } progress)
            {
                status = status with { Result = System.Text.Json.JsonDocument.Parse(progress).RootElement.Clone() };
            }
        }

        return TypedResults.Ok(status);
    }

    /// <summary>Kiaraoke's GenerateRequest names no audio: its worker's vocals of that video are the default.</summary>
    private static async Task AddDefaultVocalsPathAsync(HttpRequest request, string template, CancellationToken cancellationToken)
    {
        if (request.ContentLength is not { } length || length > 4 * 1024 * 1024)
        {
            return; // the reader judges it (and its size) as it is
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        try
        {
            if (JsonNode.Parse(bytes) is JsonObject body && body["vocalsPath"] is null && body["youtube_video_id"] is JsonValue video && video.TryGetValue<string>(out var id)
                && id.Length is > 0 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                body["vocalsPath"] = template.Replace("{youtube_video_id}", id, StringComparison.Ordinal);
                bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Left as it is: the reader answers with the precise 400.
        }

        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
    }

    private static string Clip(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

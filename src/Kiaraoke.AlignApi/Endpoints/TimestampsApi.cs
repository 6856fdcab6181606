using Kiaraoke.AlignApi.Contracts;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Input;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Security;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.AlignApi.Telemetry;
using Kiaraoke.Alignment.Formats;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Kiaraoke.AlignApi.Endpoints;

/// <summary>GET and DELETE /timestamps/{spotifyTrackId}: read (as JSON or a karaoke file) and invalidate the cache; PUT …/words: store a user correction (JSON or one of our word-timed files).</summary>
public static class TimestampsApi
{
    private const string LogCategory = "Kiaraoke.AlignApi.Endpoints.TimestampsApi";

    public static RouteGroupBuilder MapTimestampsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/timestamps").WithTags("Timestamps");

        group.MapGet("/{spotifyTrackId}", GetAsync)
            .RequireApiKey(ApiKeyAccess.Read)
            .WithName("GetTimestamps")
            .WithSummary("The cached word timestamps of a track, or status not_found; format=lrc|ass|vtt|ttml|srt|ultrastar downloads them as a karaoke file")
            .AddOpenApiOperationTransformer(TimestampsExport.DescribeFileResponses)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapDelete("/{spotifyTrackId}", DeleteAsync)
            .RequireApiKey(ApiKeyAccess.Write)
            .WithName("InvalidateTimestamps")
            .WithSummary("Invalidate the cached word timestamps of a track (one video, or all without youtube_video_id); 202 status queued while the database is down")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPut("/{spotifyTrackId}/words", PutCorrectionAsync)
            .RequireApiKey(ApiKeyAccess.Write)
            // JSON, or (with ?format=) the text of one of our karaoke files under any text or XML media type.
            .Accepts<CorrectedTimestampsRequest>("application/json", "text/*", "application/xml", "application/ttml+xml", "application/octet-stream")
            .AddOpenApiOperationTransformer(TimestampsExport.DescribeFileBodies)
            .WithName("CorrectTimestamps")
            .WithSummary("Store corrected word timestamps (source user_corrected): they win over every computed source and never expire")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return group;
    }

    public static async Task<Results<Ok<WordTimestampsResponse>, FileContentHttpResult, ProblemHttpResult>> GetAsync(
        string spotifyTrackId,
        [FromQuery(Name = "youtube_video_id")] string? youtubeVideoId,
        [FromQuery(Name = "format")] string? format,
        AlignmentCoordinator coordinator,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (Check(spotifyTrackId, youtubeVideoId) is { } problem)
        {
            return Problems.From(problem, context);
        }

        KaraokeFormat fileFormat;
        try
        {
            fileFormat = TimestampsExport.ParseFormat(format);
        }
        catch (ApiProblemException ex)
        {
            return Problems.From(ex, context);
        }

        var key = new TrackKey(spotifyTrackId, youtubeVideoId);
        var entry = await coordinator.GetValidAsync(key, cancellationToken);
        if (fileFormat == KaraokeFormat.Json)
        {
            if (!string.IsNullOrWhiteSpace(format))
            {
                context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = TimestampsExport.FileName(key, fileFormat) }.ToString();
            }

            return TypedResults.Ok(entry is null ? WordTimestampsResponse.NotFound : WordTimestampsResponse.From(entry));
        }

        if (entry is null)
        {
            return Problems.From(new ApiProblemException(StatusCodes.Status404NotFound, "Not found", $"No word timestamps are stored for {key}: align the track first, then ask for format={fileFormat.Name()}."), context);
        }

        var file = TimestampsExport.File(entry, fileFormat);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    public static async Task<Results<Ok<InvalidatedResponse>, Accepted<InvalidatedResponse>, ProblemHttpResult>> DeleteAsync(
        string spotifyTrackId,
        [FromQuery(Name = "youtube_video_id")] string? youtubeVideoId,
        WriteRetryQueue writes,
        IWordTimestampStore store,
        DatabaseTarget target,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (Check(spotifyTrackId, youtubeVideoId) is { } problem)
        {
            return Problems.From(problem, context);
        }

        try
        {
            // Through the write queue: a queued older write of this track never lands after the delete, and with the
            // database down the delete itself waits there (202, status "queued").
            var (removed, queued) = await writes.DeleteAsync(spotifyTrackId, youtubeVideoId);
            return queued
                ? TypedResults.Accepted((string?)null, new InvalidatedResponse("queued", spotifyTrackId, 0))
                : TypedResults.Ok(new InvalidatedResponse("invalidated", spotifyTrackId, removed));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Problems.From(StoreUnavailable($"Nothing was invalidated: {DatabaseName(target)} cannot be reached."), context);
        }
    }

    public static async Task<Results<Ok<WordTimestampsResponse>, ProblemHttpResult>> PutCorrectionAsync(
        string spotifyTrackId,
        [FromQuery(Name = "youtube_video_id")] string? youtubeVideoId,
        [FromQuery(Name = "format")] string? format,
        IWordTimestampStore store,
        DatabaseTarget target,
        IOptionsMonitor<AlignmentOptions> alignment,
        IOptionsMonitor<PersistenceOptions> persistence,
        TimeProvider timeProvider,
        ILoggerFactory loggers,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (Check(spotifyTrackId, youtubeVideoId) is { } problem)
        {
            return Problems.From(problem, context);
        }

        var key = new TrackKey(spotifyTrackId, youtubeVideoId);
        StoredTimestamps entry;
        try
        {
            var fileFormat = TimestampsExport.ParseFormat(format);
            entry = fileFormat == KaraokeFormat.Json
                ? await CorrectionReader.ReadAsync(context.Request, key, alignment.CurrentValue, persistence.CurrentValue, timeProvider.GetUtcNow(), cancellationToken)
                : CorrectionReader.Build(
                    await CorrectionFileReader.ReadAsync(context.Request, fileFormat, cancellationToken), key, alignment.CurrentValue, persistence.CurrentValue, timeProvider.GetUtcNow());
        }
        catch (ApiProblemException ex)
        {
            return Problems.From(ex, context);
        }

        try
        {
            await store.PutAsync(entry, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A correction is never queued: the caller must know it was not kept.
            StoreLog.CorrectionNotStored(loggers.CreateLogger(LogCategory), key.ToString(), store.Description, ex.Message);
            return Problems.From(StoreUnavailable($"The correction was not stored: {DatabaseName(target)} cannot be reached."), context);
        }

        StoreLog.CorrectionStored(loggers.CreateLogger(LogCategory), key.ToString(), entry.WordCount);
        return TypedResults.Ok(WordTimestampsResponse.From(entry));
    }

    /// <summary>The database as a client may see it: its kind, never its file, host or port.</summary>
    private static string DatabaseName(DatabaseTarget target) =>
        target.Provider == DatabaseProvider.PostgreSql ? "the PostgreSQL database" : "the SQLite database";

    /// <summary>A 503 the client may retry in 30 s: the store could not do what was asked, and nothing changed.</summary>
    private static ApiProblemException StoreUnavailable(string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, "Store unavailable", detail + " Retry later.", TimeSpan.FromSeconds(30));

    private static ApiProblemException? Check(string spotifyTrackId, string? youtubeVideoId)
    {
        if (spotifyTrackId.Length is 0 or > 64 || !spotifyTrackId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return ApiProblemException.Invalid("spotifyTrackId", "spotifyTrackId must be 1 to 64 letters, digits, '-' or '_'.");
        }

        if (youtubeVideoId is not null && (youtubeVideoId.Length is 0 or > 32 || !youtubeVideoId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return ApiProblemException.Invalid("youtube_video_id", "youtube_video_id must be 1 to 32 letters, digits, '-' or '_'.");
        }

        return null;
    }
}

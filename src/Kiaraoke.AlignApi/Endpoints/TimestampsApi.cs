using Kiaraoke.AlignApi.Contracts;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Security;
using Kiaraoke.AlignApi.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kiaraoke.AlignApi.Endpoints;

/// <summary>GET and DELETE /timestamps/{spotifyTrackId}: read and invalidate the cache.</summary>
public static class TimestampsApi
{
    public static RouteGroupBuilder MapTimestampsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/timestamps").WithTags("Timestamps");

        group.MapGet("/{spotifyTrackId}", GetAsync)
            .RequireApiKey(ApiKeyAccess.Read)
            .WithName("GetTimestamps")
            .WithSummary("The cached word timestamps of a track, or status not_found")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapDelete("/{spotifyTrackId}", DeleteAsync)
            .RequireApiKey(ApiKeyAccess.Write)
            .WithName("InvalidateTimestamps")
            .WithSummary("Invalidate the cached word timestamps of a track (one video, or all without youtube_video_id)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return group;
    }

    public static async Task<Results<Ok<WordTimestampsResponse>, ProblemHttpResult>> GetAsync(
        string spotifyTrackId,
        [FromQuery(Name = "youtube_video_id")] string? youtubeVideoId,
        AlignmentCoordinator coordinator,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (Check(spotifyTrackId, youtubeVideoId) is { } problem)
        {
            return Problems.From(problem, context);
        }

        var entry = await coordinator.GetValidAsync(new TrackKey(spotifyTrackId, youtubeVideoId), cancellationToken);
        return TypedResults.Ok(entry is null ? WordTimestampsResponse.NotFound : WordTimestampsResponse.From(entry));
    }

    public static async Task<Results<Ok<InvalidatedResponse>, ProblemHttpResult>> DeleteAsync(
        string spotifyTrackId,
        [FromQuery(Name = "youtube_video_id")] string? youtubeVideoId,
        IWordTimestampStore store,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (Check(spotifyTrackId, youtubeVideoId) is { } problem)
        {
            return Problems.From(problem, context);
        }

        var removed = await store.DeleteAsync(spotifyTrackId, youtubeVideoId, cancellationToken);
        return TypedResults.Ok(new InvalidatedResponse("invalidated", spotifyTrackId, removed));
    }

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

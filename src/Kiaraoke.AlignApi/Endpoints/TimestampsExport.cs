using System.Text;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.Alignment.Formats;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kiaraoke.AlignApi.Endpoints;

/// <summary>GET /timestamps/{id}?format=…: a stored entry written as a karaoke file, with its media type and file name.</summary>
public static class TimestampsExport
{
    /// <summary>Reads the <c>format</c> query value; null or empty = Kiaraoke's JSON.</summary>
    public static KaraokeFormat ParseFormat(string? format) =>
        string.IsNullOrWhiteSpace(format) ? KaraokeFormat.Json
        : KaraokeFormats.TryParse(format, out var parsed) ? parsed
        : throw ApiProblemException.Invalid("format", $"format '{format}' is unknown; use one of {string.Join(", ", KaraokeFormats.Names)}.");

    /// <summary>The download name: the track id (and video id), the format's extension.</summary>
    public static string FileName(TrackKey key, KaraokeFormat format) =>
        (key.YoutubeVideoId is null ? key.SpotifyTrackId : $"{key.SpotifyTrackId}_{key.YoutubeVideoId}") + format.Extension();

    /// <summary>OpenAPI: the GET's 200 is JSON, or a karaoke file (text) when <c>format</c> names one.</summary>
    public static Task DescribeFileResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var format in Enum.GetValues<KaraokeFormat>().Where(f => f != KaraokeFormat.Json))
            {
                response.Content.TryAdd(format.ContentType().Split(';')[0], new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>OpenAPI: a correction is JSON, or (with <c>format</c>) the text of one of our word-timed files.</summary>
    public static Task DescribeFileBodies(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody is OpenApiRequestBody body && body.Content is { } content)
        {
            foreach (var type in content.Keys.Where(k => k != "application/json").ToArray())
            {
                content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "With ?format=lrc|ass|ttml|ultrastar: the file's UTF-8 text." } };
            }
        }

        return Task.CompletedTask;
    }

    public static KaraokeTimeline ToTimeline(StoredTimestamps entry) =>
        new(entry.Lines, entry.DurationMs > 0 ? entry.DurationMs : null, entry.TrackName, entry.ArtistName, entry.Language);

    public static ExportedFile File(StoredTimestamps entry, KaraokeFormat format) =>
        new(Encoding.UTF8.GetBytes(KaraokeExporter.Write(format, ToTimeline(entry), entry.Key.SpotifyTrackId)), format.ContentType(), FileName(entry.Key, format));
}

/// <summary>A karaoke file ready to download: its bytes (UTF-8), media type and file name.</summary>
public sealed record ExportedFile(byte[] Content, string ContentType, string FileName);

using System.Text;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.Alignment.Formats;

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

    public static KaraokeTimeline ToTimeline(StoredTimestamps entry) =>
        new(entry.Lines, entry.DurationMs > 0 ? entry.DurationMs : null, entry.TrackName, entry.ArtistName, entry.Language);

    public static ExportedFile File(StoredTimestamps entry, KaraokeFormat format) =>
        new(Encoding.UTF8.GetBytes(KaraokeExporter.Write(format, ToTimeline(entry), entry.Key.SpotifyTrackId)), format.ContentType(), FileName(entry.Key, format));
}

/// <summary>A karaoke file ready to download: its bytes (UTF-8), media type and file name.</summary>
public sealed record ExportedFile(byte[] Content, string ContentType, string FileName);

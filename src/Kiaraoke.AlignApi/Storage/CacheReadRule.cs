namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// Which row answers a look-up: unexpired; with a video id, that video or no video; then the lowest source priority
/// (so a user correction wins over every computed source), the exact video before a video-independent row, the newest.
/// </summary>
internal static class CacheReadRule
{
    public static WordTimestampsRow? Best(IEnumerable<WordTimestampsRow> rows, TrackKey key, DateTimeOffset now) =>
        rows
            .Where(r => r.SpotifyTrackId == key.SpotifyTrackId && (r.ExpiresAt is null || r.ExpiresAt > now))
            .Where(r => key.YoutubeVideoId is null || r.YoutubeVideoId is null || r.YoutubeVideoId == key.YoutubeVideoId)
            .OrderBy(r => TimestampSources.Priority(r.Source))
            .ThenBy(r => key.YoutubeVideoId is not null && r.YoutubeVideoId == key.YoutubeVideoId ? 0 : 1)
            .ThenByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id)
            .FirstOrDefault();
}

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// The order in which rows answer a look-up, the same as Kiaraoke's back end so both services serve the same row:
/// unexpired; with a video id, that video or no video; the exact video first (without a video id, the rows of no
/// video count as exact), then the lowest source priority, then the newest. Callers walk the list and take the first
/// row they may use, so a row they refuse (made by an older model, say) never hides the next one.
/// </summary>
internal static class CacheReadRule
{
    public static List<WordTimestampsRow> Ordered(IEnumerable<WordTimestampsRow> rows, TrackKey key, DateTimeOffset now) =>
        rows
            .Where(r => r.SpotifyTrackId == key.SpotifyTrackId && (r.ExpiresAt is null || r.ExpiresAt > now))
            .Where(r => key.YoutubeVideoId is null || r.YoutubeVideoId is null || r.YoutubeVideoId == key.YoutubeVideoId)
            .OrderBy(r => r.YoutubeVideoId == key.YoutubeVideoId ? 0 : 1)
            .ThenBy(r => TimestampSources.Priority(r.Source))
            .ThenByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id)
            .ToList();
}

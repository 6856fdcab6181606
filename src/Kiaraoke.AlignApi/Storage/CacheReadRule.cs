namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// The order in which rows answer a look-up, the same as Kiaraoke's back end so both services serve the same row:
/// unexpired; with a video id, that video or no video; the exact video first (without a video id, the rows of no
/// video count as exact), then the lowest source priority, then the newest. Callers walk the list and take the first
/// row they may use, so a row they refuse (made by an older model, say) never hides the next one. The same rule orders
/// the database's rows and the results still waiting in the write queue.
/// </summary>
internal static class CacheReadRule
{
    /// <summary>The table's rows; between rows written at the same instant, the higher id first.</summary>
    public static List<WordTimestampsRow> Ordered(IEnumerable<WordTimestampsRow> rows, TrackKey key, DateTimeOffset now) =>
        Order(rows, key, now, r => new ReadFields(r.SpotifyTrackId, r.YoutubeVideoId, r.Source, r.CreatedAt, r.ExpiresAt))
            .ThenByDescending(r => r.Id)
            .ToList();

    /// <summary>Entries not yet stored (they have no id).</summary>
    public static IEnumerable<StoredTimestamps> Ordered(IEnumerable<StoredTimestamps> entries, TrackKey key, DateTimeOffset now) =>
        Order(entries, key, now, e => new ReadFields(e.Key.SpotifyTrackId, e.Key.YoutubeVideoId, e.Source, e.CreatedAt, e.ExpiresAt));

    private static IOrderedEnumerable<T> Order<T>(IEnumerable<T> items, TrackKey key, DateTimeOffset now, Func<T, ReadFields> fields) =>
        items
            .Where(i => fields(i) is var r && r.SpotifyTrackId == key.SpotifyTrackId && (r.ExpiresAt is null || r.ExpiresAt > now))
            .Where(i => fields(i) is var r && (key.YoutubeVideoId is null || r.YoutubeVideoId is null || r.YoutubeVideoId == key.YoutubeVideoId))
            .OrderBy(i => fields(i).YoutubeVideoId == key.YoutubeVideoId ? 0 : 1)
            .ThenBy(i => TimestampSources.Priority(fields(i).Source))
            .ThenByDescending(i => fields(i).CreatedAt);

    /// <summary>What the rule reads of a row or an entry.</summary>
    private readonly record struct ReadFields(string SpotifyTrackId, string? YoutubeVideoId, string Source, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);
}

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// A write the database has not taken yet: a computed row to store (<see cref="Entry"/>) or a delete of one video's row
/// (or, with no video, of the whole track). <see cref="Sequence"/> orders them; it also names the spill file.
/// </summary>
public sealed record PendingWrite(long Sequence, string SpotifyTrackId, string? YoutubeVideoId, StoredTimestamps? Entry)
{
    public bool IsDelete => Entry is null;

    /// <summary>Whether this delete removes the row <paramref name="key"/> (a track-wide delete removes every video's).</summary>
    public bool Covers(TrackKey key) =>
        IsDelete && SpotifyTrackId == key.SpotifyTrackId && (YoutubeVideoId is null || YoutubeVideoId == key.YoutubeVideoId);

    /// <summary>Whether this is a store of exactly the row <paramref name="key"/>.</summary>
    public bool Writes(TrackKey key) => Entry is { } entry && entry.Key == key;

    public override string ToString() => $"{(IsDelete ? "delete" : "write")} {SpotifyTrackId}:{YoutubeVideoId ?? "any"}";
}

using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>A cache row's identity: Kiaraoke keys word timestamps on (spotify_track_id, youtube_video_id); a null video is video-independent.</summary>
public sealed record TrackKey(string SpotifyTrackId, string? YoutubeVideoId)
{
    public override string ToString() => $"{SpotifyTrackId}:{YoutubeVideoId ?? "any"}";
}

/// <summary>
/// One row of <c>word_timestamps_cache</c> (contracts §1.4), with what decides whether it may be reused: the engine
/// version, the model (id and revision, joined in <see cref="ModelVersion"/>) and the post-processing flags. Immutable,
/// so the in-memory cache level hands out the same instance instead of a copy.
/// </summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record StoredTimestamps(
    TrackKey Key,
    string Source,
    string Language,
    string ModelVersion,
    string EngineVersion,
    int TierUsed,
    string? FallbackReason,
    IReadOnlyList<AlignedLine> Lines,
    double ConfidenceAverage,
    int WordCount,
    int DurationMs,
    string? ArtistName,
    string? TrackName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string PostprocessFlags = PostprocessFlagSet.None)
{
    /// <summary>
    /// Tier 1 with line times only: the whole-file offset the aligner applied to the LRC line times (ms, + = sung later
    /// than written; 0 when none was detected or needed); null for a result made without line times or by another tier.
    /// </summary>
    public int? LrcOffsetMs { get; init; }

    /// <summary>Tier 1 with line times only: line and word anchors the alignment could not meet as given (see AnchorReport); null otherwise.</summary>
    public int? UnmetAnchors { get; init; }

    /// <summary>Kiaraoke's source priority: lower wins when several rows match.</summary>
    public int SourcePriority => TimestampSources.Priority(Source);

    public bool IsUserCorrected => Source == TimestampSources.UserCorrected;

    /// <summary>A result under the confidence bar, delivered because no later tier could do better (its fallback_reason says so).</summary>
    public bool IsDegraded => FallbackReason?.Contains(DegradedMarker, StringComparison.Ordinal) == true;

    /// <summary>The words every degraded result's fallback_reason carries.</summary>
    public const string DegradedMarker = "delivered degraded";

    /// <summary>The model's id: the part of <see cref="ModelVersion"/> before '@' (all of it when there is none).</summary>
    public string ModelId => ModelVersion.Split('@', 2)[0];

    /// <summary>The model's revision (content hash): the part after '@', or null.</summary>
    public string? ModelRevision => ModelVersion.Split('@', 2) is [_, var revision] ? revision : null;

    /// <summary>Null means permanent: the read path treats it as "never expires", as Kiaraoke's does.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;
}

/// <summary>
/// Where computed timestamps live: SQL (<c>word_timestamps_cache</c> in PostgreSQL or the embedded SQLite file) behind
/// the two-level cache (<c>word_ts:{spotify}:{yt|any}</c>, in memory and in Redis when configured).
/// </summary>
public interface IWordTimestampStore
{
    /// <summary>
    /// The first unexpired row for the track, in Kiaraoke's order (<see cref="CacheReadRule"/>: exact video, then source
    /// priority, then newest), that <paramref name="accept"/> takes; a refused row never hides the next one.
    /// </summary>
    Task<StoredTimestamps?> GetAsync(TrackKey key, Func<StoredTimestamps, bool> accept, CancellationToken cancellationToken);

    /// <summary>The first unexpired row in Kiaraoke's order: what Kiaraoke's back end would serve.</summary>
    Task<StoredTimestamps?> GetAsync(TrackKey key, CancellationToken cancellationToken) => GetAsync(key, static _ => true, cancellationToken);

    /// <summary>
    /// Inserts or replaces the row of <see cref="StoredTimestamps.Key"/> atomically; false when the table kept a row that
    /// wins over it (newer, a user correction, or better than a degraded result).
    /// </summary>
    Task<bool> PutAsync(StoredTimestamps entry, CancellationToken cancellationToken);

    /// <summary>Removes the row of that video (or, with no video, every row of the track); returns how many went.</summary>
    Task<int> DeleteAsync(string spotifyTrackId, string? youtubeVideoId, CancellationToken cancellationToken);

    /// <summary>For readiness: can the store be reached now?</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);

    /// <summary>What the store is, for readiness (e.g. <c>PostgreSQL 127.0.0.1:5432/kiaraoke</c>).</summary>
    string Description { get; }
}

using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>A cache row's identity: Kiaraoke keys word timestamps on (spotify_track_id, youtube_video_id); a null video is video-independent.</summary>
public sealed record TrackKey(string SpotifyTrackId, string? YoutubeVideoId)
{
    public override string ToString() => $"{SpotifyTrackId}:{YoutubeVideoId ?? "any"}";
}

/// <summary>One row of <c>word_timestamps_cache</c> (contracts §1.4), with the versions that decide whether it may be reused.</summary>
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
    DateTimeOffset? ExpiresAt)
{
    /// <summary>Kiaraoke's source priority: lower wins when several rows match.</summary>
    public int SourcePriority => Source switch
    {
        "user_corrected" => 0,
        "musixmatch_word" => 1,
        "mms_ctc" or "torchaudio_ctc" or "kiaraoke_ctc" => 2,
        "shared_whisper" or "groq_whisper" or "whisper_timestamped" => 3,
        _ => 99,
    };

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;
}

/// <summary>
/// Where computed timestamps live. The in-memory store serves local development and tests; the persistent one
/// (PostgreSQL <c>word_timestamps_cache</c> + Redis <c>word_ts:{spotify}:{yt|any}</c>) replaces it without touching callers.
/// </summary>
public interface IWordTimestampStore
{
    /// <summary>
    /// The best unexpired row for the track: with a video id, rows of that video or of no video, exact match first,
    /// then by source priority; without one, any row of the track by priority.
    /// </summary>
    Task<StoredTimestamps?> GetAsync(TrackKey key, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the row of <see cref="StoredTimestamps.Key"/>.</summary>
    Task PutAsync(StoredTimestamps entry, CancellationToken cancellationToken);

    /// <summary>Removes the row of that video (or, with no video, every row of the track); returns how many went.</summary>
    Task<int> DeleteAsync(string spotifyTrackId, string? youtubeVideoId, CancellationToken cancellationToken);

    /// <summary>For readiness: can the store be reached now?</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}

using System.ComponentModel.DataAnnotations;

namespace Kiaraoke.AlignApi.Options;

/// <summary>
/// Where and how long word timestamps are kept (section <c>Persistence</c>, KARAOKE_* / KIARAOKE_* overrides). The
/// addresses of PostgreSQL and Redis are <c>External:DatabaseUrl</c> (DATABASE_URL) and <c>External:RedisUrl</c> (REDIS_URL).
/// </summary>
public sealed class PersistenceOptions
{
    public const string SectionName = "Persistence";

    /// <summary>Folder of the embedded SQLite database (kiaraoke.db), used when DATABASE_URL is empty; relative to the content root. KIARAOKE_DATA_DIR.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Days a CTC result (kiaraoke_ctc, torchaudio_ctc, mms_ctc) stays valid. KARAOKE_CACHE_TTL_DAYS.</summary>
    [Range(0, 36_500)]
    public int CtcTtlDays { get; set; } = 90;

    /// <summary>Days a Whisper result (shared_whisper, groq_whisper) stays valid. KARAOKE_CACHE_TTL_DAYS.</summary>
    [Range(0, 36_500)]
    public int WhisperTtlDays { get; set; } = 90;

    /// <summary>Days a musixmatch_word row stays valid. KARAOKE_MUSIXMATCH_TTL_DAYS.</summary>
    [Range(0, 36_500)]
    public int MusixmatchTtlDays { get; set; } = 365;

    /// <summary>Days a user correction stays valid; 0 = never expires (the default). KARAOKE_USER_CORRECTED_TTL_DAYS.</summary>
    [Range(0, 36_500)]
    public int UserCorrectedTtlDays { get; set; }

    /// <summary>Days any other source stays valid; 0 = never expires.</summary>
    [Range(0, 36_500)]
    public int OtherTtlDays { get; set; } = 90;

    /// <summary>
    /// Days a degraded result (under the confidence bar on the last tier) stays valid, so a later request with a better
    /// model or tier replaces it soon. KARAOKE_DEGRADED_TTL_DAYS.
    /// </summary>
    [Range(0.001, 36_500)]
    public double DegradedTtlDays { get; set; } = 1;

    /// <summary>
    /// Who creates and migrates word_timestamps_cache: <c>auto</c> (default: create it only when Kiaraoke's Alembic has
    /// not, and never add an index Kiaraoke already has), <c>service</c> (always migrate), <c>kiaraoke</c> (never touch the
    /// schema; wait until Kiaraoke's migration has made the table). KARAOKE_SCHEMA_OWNER.
    /// </summary>
    [Required]
    [RegularExpression("^(auto|service|kiaraoke)$", ErrorMessage = "Persistence:SchemaOwner (KARAOKE_SCHEMA_OWNER) must be auto, service or kiaraoke.")]
    public string SchemaOwner { get; set; } = "auto";

    /// <summary>Lifetime of an entry in Redis (Kiaraoke: 1 h).</summary>
    [Range(1, 86_400)]
    public int RedisEntrySeconds { get; set; } = 3_600;

    /// <summary>
    /// Lifetime of an entry in this process's memory. Short on purpose: another replica's invalidation reaches Redis and
    /// PostgreSQL at once, but this copy only when it lapses.
    /// </summary>
    [Range(1, 86_400)]
    public int MemoryEntrySeconds { get; set; } = 60;

    /// <summary>Writes and deletes the database could not take (it is down) wait here to be retried; beyond it the oldest is dropped.</summary>
    [Range(1, 1_000_000)]
    public int WriteRetryQueueLimit { get; set; } = 1_000;

    /// <summary>Longest wait between two attempts while the database cannot be reached (the first waits 0.25 s, doubling up to this).</summary>
    [Range(0.05, 3_600)]
    public double WriteRetryIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// Seconds a replica waits for another replica's computation of the same track (PostgreSQL advisory lock) before
    /// computing itself.
    /// </summary>
    [Range(1, 7_200)]
    public int ComputationLockWaitSeconds { get; set; } = 900;
}

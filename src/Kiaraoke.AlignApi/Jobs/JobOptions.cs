using System.ComponentModel.DataAnnotations;

namespace Kiaraoke.AlignApi.Jobs;

/// <summary>
/// The asynchronous jobs (section <c>Jobs</c>, <c>Jobs__*</c> in the environment): Hangfire on PostgreSQL when
/// DATABASE_URL is set (schema <see cref="PostgresSchema"/>), else on <c>hangfire.db</c> beside the SQLite store.
/// </summary>
public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Whether this process runs jobs (a replica may only enqueue them). The routes work either way.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Jobs this process runs at once; the inference limiter still bounds the alignments themselves.</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>Jobs waiting or running, all replicas together, beyond which a new one is refused with 429.</summary>
    [Range(1, 1_000_000)]
    public int QueueLimit { get; set; } = 200;

    /// <summary>Seconds between two polls of the queue by an idle worker.</summary>
    [Range(0.05, 60)]
    public double PollIntervalSeconds { get; set; } = 1;

    /// <summary>Attempts after a transient failure (no tier available, queue full, database down); never after bad input.</summary>
    [Range(0, 20)]
    public int RetryAttempts { get; set; } = 3;

    /// <summary>
    /// Where the vocals of a job are when its body has no vocalsPath: relative to KARAOKE_VOCALS_ROOT, with
    /// <c>{youtube_video_id}</c> replaced (Kiaraoke's worker keeps them at <c>cache/{youtube_video_id}/vocals.wav</c>).
    /// </summary>
    [Required]
    public string VocalsPathTemplate { get; set; } = "cache/{youtube_video_id}/vocals.wav";

    /// <summary>PostgreSQL schema of Hangfire's tables.</summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string PostgresSchema { get; set; } = "hangfire";

    /// <summary>Rows the catalogue re-alignment does per minute at most.</summary>
    [Range(0.1, 10_000)]
    public double RealignRowsPerMinute { get; set; } = 30;
}

using System.ComponentModel.DataAnnotations;

namespace Kiaraoke.AlignApi.Options;

/// <summary>How many alignments run at once and how many may wait (section <c>Inference</c>).</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>Alignments running at once; 0 = 1 on a GPU, cores − 1 on a CPU. KARAOKE_MAX_CONCURRENT_ALIGNMENTS.</summary>
    [Range(0, 256)]
    public int MaxConcurrentAlignments { get; set; }

    /// <summary>Alignments allowed to wait for a slot; the next one gets 429. KARAOKE_ALIGN_QUEUE_LIMIT.</summary>
    [Range(0, 10_000)]
    public int QueueLimit { get; set; } = 8;

    /// <summary>The Retry-After sent with a 429, in seconds.</summary>
    [Range(1, 3_600)]
    public int RetryAfterSeconds { get; set; } = 10;

    public int EffectiveConcurrency(bool gpu) =>
        MaxConcurrentAlignments > 0 ? MaxConcurrentAlignments : gpu ? 1 : Math.Max(1, Environment.ProcessorCount - 1);
}

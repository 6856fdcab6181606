using System.ComponentModel.DataAnnotations;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>Tier 3, Groq's OpenAI-style transcriptions. Environment: <c>GROQ_API_KEY</c>.</summary>
public sealed class GroqWhisperOptions
{
    public const string SectionName = "Groq";

    public string Url { get; set; } = "https://api.groq.com";

    /// <summary>Empty: Tier 3 is off.</summary>
    public string? ApiKey { get; set; }

    public string Model { get; set; } = "whisper-large-v3-turbo";

    /// <summary>Upload limit of the free tier (25 MB); larger audio, even transcoded, goes to the next tier.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 25L * 1000 * 1000;

    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Retries on 429 (after <c>retry-after</c>) and 5xx (exponential backoff).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    [Range(1, 60_000)]
    public int RetryBaseDelayMs { get; set; } = 1_000;

    /// <summary>A 429 asking to wait longer than this is not retried: the next tier is faster.</summary>
    [Range(0, 3600)]
    public int MaxRetryAfterSeconds { get; set; } = 30;

    [Range(0, 2000)]
    public int PromptMaxChars { get; set; } = 500;

    public string ModelVersion { get; set; } = "groq-whisper-large-v3-turbo";
}

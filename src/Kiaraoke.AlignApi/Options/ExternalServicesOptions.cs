namespace Kiaraoke.AlignApi.Options;

/// <summary>
/// Addresses of the services around this one (section <c>External</c>). Tier 2/3 clients and the persistent cache
/// read them; here they are only validated so a typo stops the service at start-up.
/// </summary>
public sealed class ExternalServicesOptions
{
    public const string SectionName = "External";

    /// <summary>Tier 2 (whisper-asr-webservice). SHARED_WHISPER_URL.</summary>
    public string? SharedWhisperUrl { get; set; }

    /// <summary>Tier 3 (Groq) is registered only when set. GROQ_API_KEY.</summary>
    public string? GroqApiKey { get; set; }

    /// <summary>PostgreSQL (postgres://user:pass@host:port/db). DATABASE_URL.</summary>
    public string? DatabaseUrl { get; set; }

    /// <summary>Redis (redis://host:port). REDIS_URL.</summary>
    public string? RedisUrl { get; set; }
}

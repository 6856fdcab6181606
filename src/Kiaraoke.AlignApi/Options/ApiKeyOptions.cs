namespace Kiaraoke.AlignApi.Options;

/// <summary>API keys (section <c>Auth</c>). No key configured = explicit local-development mode.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Auth";
    public const string HeaderName = "X-API-Key";

    /// <summary>Comma-separated keys. KARAOKE_API_KEYS.</summary>
    public string? ApiKeys { get; set; }

    /// <summary>When true, GET endpoints answer without a key. KARAOKE_OPEN_READS.</summary>
    public bool OpenReads { get; set; }

    public IReadOnlyList<string> Keys =>
        (ApiKeys ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool LocalDevelopmentMode => Keys.Count == 0;
}

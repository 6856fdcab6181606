namespace Kiaraoke.AlignApi.Options;

/// <summary>
/// The flat environment names Kiaraoke's compose files already use, and the option each one sets. They win over
/// appsettings.json sections, exactly like the sections' own environment form (<c>Alignment__Engine</c>).
/// </summary>
internal static class KiaraokeEnvironment
{
    public static readonly IReadOnlyList<(string Name, string Key)> Names =
    [
        ("KARAOKE_ALIGNMENT_ENGINE", "Alignment:Engine"),
        ("KARAOKE_ALIGNMENT_LICENSE_MODE", "Alignment:LicenseMode"),
        ("KARAOKE_COMMERCIAL_MODEL_DIR", "Alignment:CommercialModelDir"),
        ("KARAOKE_ALIGNMENT_ENGINE_VERSION", "Alignment:EngineVersion"),
        ("KIARAOKE_MODEL_DIR", "Alignment:ModelDir"),
        ("KARAOKE_MODEL_DIR", "Alignment:ModelDir"),
        ("CTC_ALIGN_DEVICE", "Alignment:Device"),
        ("KARAOKE_ONNX_THREADS", "Alignment:IntraOpThreads"),
        ("KARAOKE_CTC_MIN_CONFIDENCE_AVG", "Alignment:MinConfidenceAverage"),
        ("KARAOKE_CTC_MAX_LOW_CONF_RATIO", "Alignment:MaxLowConfidenceRatio"),
        ("KARAOKE_CTC_MIN_DECOY_MARGIN", "Alignment:MinDecoyMargin"),
        ("KARAOKE_ONSET_REFINE", "Alignment:OnsetRefinement"),
        ("KARAOKE_TIER1_TIMEOUT_SECONDS", "Alignment:Tier1TimeoutSeconds"),
        ("KARAOKE_TIER2_TIMEOUT_SECONDS", "Alignment:Tier2TimeoutSeconds"),
        ("SHARED_WHISPER_TIMEOUT", "Alignment:Tier2TimeoutSeconds"),
        ("KARAOKE_TIER3_TIMEOUT_SECONDS", "Alignment:Tier3TimeoutSeconds"),
        ("KARAOKE_CACHE_TTL_DAYS", "Persistence:CtcTtlDays"),
        ("KARAOKE_CACHE_TTL_DAYS", "Persistence:WhisperTtlDays"),
        ("KARAOKE_MUSIXMATCH_TTL_DAYS", "Persistence:MusixmatchTtlDays"),
        ("KARAOKE_USER_CORRECTED_TTL_DAYS", "Persistence:UserCorrectedTtlDays"),
        ("KARAOKE_DEGRADED_TTL_DAYS", "Persistence:DegradedTtlDays"),
        ("KARAOKE_SCHEMA_OWNER", "Persistence:SchemaOwner"),
        ("KIARAOKE_DATA_DIR", "Persistence:DataDirectory"),
        ("KARAOKE_DATA_DIR", "Persistence:DataDirectory"),
        ("KARAOKE_MAX_UPLOAD_BYTES", "Limits:MaxUploadBytes"),
        ("KARAOKE_MAX_AUDIO_SECONDS", "Limits:MaxAudioSeconds"),
        ("KARAOKE_MAX_LYRICS_CHARS", "Limits:MaxLyricsCharacters"),
        ("KARAOKE_VOCALS_ROOT", "Limits:VocalsRoot"),
        ("KARAOKE_DECODE_TIMEOUT_SECONDS", "Limits:DecodeTimeoutSeconds"),
        ("KARAOKE_UPLOAD_DIR", "Limits:UploadDirectory"),
        ("KARAOKE_MAX_CONCURRENT_ALIGNMENTS", "Inference:MaxConcurrentAlignments"),
        ("KARAOKE_ALIGN_QUEUE_LIMIT", "Inference:QueueLimit"),
        ("KARAOKE_RETRY_AFTER_SECONDS", "Inference:RetryAfterSeconds"),
        ("KARAOKE_BREAKER_FAILURE_RATIO", "Breaker:FailureRatio"),
        ("KARAOKE_BREAKER_MIN_THROUGHPUT", "Breaker:MinimumThroughput"),
        ("KARAOKE_BREAKER_SAMPLING_SECONDS", "Breaker:SamplingDurationSeconds"),
        ("KARAOKE_BREAKER_BREAK_SECONDS", "Breaker:BreakDurationSeconds"),
        ("KARAOKE_API_KEYS", "Auth:ApiKeys"),
        ("KARAOKE_OPEN_READS", "Auth:OpenReads"),
        ("SHARED_WHISPER_URL", "External:SharedWhisperUrl"),
        ("GROQ_API_KEY", "External:GroqApiKey"),
        ("DATABASE_URL", "External:DatabaseUrl"),
        ("REDIS_URL", "External:RedisUrl"),
    ];

    /// <summary>Binds <paramref name="section"/> from the flat names present in <paramref name="configuration"/>.</summary>
    public static void Apply<TOptions>(TOptions options, IConfiguration configuration, string section)
        where TOptions : class
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key) in Names)
        {
            if (key.StartsWith(section + ":", StringComparison.Ordinal) && configuration[name] is { } value)
            {
                values[key] = value;
            }
        }

        if (values.Count > 0)
        {
            new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section).Bind(options);
        }
    }
}

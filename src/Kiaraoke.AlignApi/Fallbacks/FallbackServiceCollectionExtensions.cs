using System.Net;
using Kiaraoke.AlignApi.Engines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>Registers the Whisper back ends (Tier 2 shared-whisper, Tier 3 Groq) and the LRCLib client.</summary>
public static class FallbackServiceCollectionExtensions
{
    /// <summary>
    /// Options come from the <c>SharedWhisper</c>, <c>Groq</c>, <c>LrcLib</c> and <c>Fallbacks</c> sections, then from
    /// Kiaraoke's environment names, which win: <c>SHARED_WHISPER_URL</c>, <c>SHARED_WHISPER_TIMEOUT</c>,
    /// <c>GROQ_API_KEY</c>, <c>GROQ_API_URL</c>, <c>KARAOKE_LRCLIB_URL</c>, <c>KARAOKE_FFMPEG_PATH</c>. The service's
    /// <c>External:SharedWhisperUrl</c> and <c>External:GroqApiKey</c> are read too, so one setting serves both.
    /// </summary>
    public static IServiceCollection AddWhisperFallbacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SharedWhisperOptions>()
            .Bind(configuration.GetSection(SharedWhisperOptions.SectionName))
            .Configure(o =>
            {
                o.Url = configuration["SHARED_WHISPER_URL"] is { Length: > 0 } url ? url
                    : configuration["External:SharedWhisperUrl"] is { Length: > 0 } external ? external : o.Url;
                o.TimeoutSeconds = int.TryParse(configuration["SHARED_WHISPER_TIMEOUT"], out var timeout) ? timeout : o.TimeoutSeconds;
            })
            .Validate(o => IsAbsoluteOrEmpty(o.Url), "SHARED_WHISPER_URL must be an absolute http(s) URL")
            .ValidateOnStart();
        services.AddOptions<GroqWhisperOptions>()
            .Bind(configuration.GetSection(GroqWhisperOptions.SectionName))
            .Configure(o =>
            {
                o.ApiKey = configuration["GROQ_API_KEY"] is { Length: > 0 } key ? key
                    : configuration["External:GroqApiKey"] is { Length: > 0 } external ? external : o.ApiKey;
                o.Url = configuration["GROQ_API_URL"] is { Length: > 0 } url ? url : o.Url;
            })
            .Validate(o => IsAbsoluteOrEmpty(o.Url), "GROQ_API_URL must be an absolute http(s) URL")
            .ValidateOnStart();
        services.AddOptions<LrcLibOptions>()
            .Bind(configuration.GetSection(LrcLibOptions.SectionName))
            .Configure(o => o.Url = configuration["KARAOKE_LRCLIB_URL"] is { Length: > 0 } url ? url : o.Url)
            .Validate(o => IsAbsoluteOrEmpty(o.Url), "KARAOKE_LRCLIB_URL must be an absolute http(s) URL")
            .ValidateOnStart();

        services.AddOptions<WhisperFallbackOptions>()
            .Bind(configuration.GetSection(WhisperFallbackOptions.SectionName))
            .ValidateOnStart();

        services.AddSingleton<IValidateOptions<SharedWhisperOptions>, SharedWhisperOptionsValidator>();
        services.AddSingleton<IValidateOptions<GroqWhisperOptions>, GroqWhisperOptionsValidator>();
        services.AddSingleton<IValidateOptions<LrcLibOptions>, LrcLibOptionsValidator>();
        services.AddSingleton<IValidateOptions<WhisperFallbackOptions>, WhisperFallbackOptionsValidator>();

        services.AddSingleton<IAudioTranscoder>(sp => new FfmpegAudioTranscoder(
            configuration["KARAOKE_FFMPEG_PATH"] is { Length: > 0 } ffmpeg ? ffmpeg : "ffmpeg",
            sp.GetService<Input.UploadFolder>() is { } uploads ? uploads.NewFile : null));

        services.AddHttpClient(SharedWhisperClient.HttpClientName, (sp, client) =>
        {
            var o = sp.GetRequiredService<IOptions<SharedWhisperOptions>>().Value;
            client.BaseAddress = BaseAddress(o.Url);
            client.Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        });

        services.AddHttpClient(GroqWhisperClient.HttpClientName, (sp, client) =>
        {
            var o = sp.GetRequiredService<IOptions<GroqWhisperOptions>>().Value;
            client.BaseAddress = BaseAddress(o.Url);
            client.Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds); // covers every retry together
        })
        .AddResilienceHandler("groq-retry", static (pipeline, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<GroqWhisperOptions>>().Value;
            if (o.MaxRetries > 0)
            {
                pipeline.AddRetry(RetryOptions(o.MaxRetries, TimeSpan.FromMilliseconds(o.RetryBaseDelayMs), TimeSpan.FromSeconds(o.MaxRetryAfterSeconds)));
            }
        });

        services.AddHttpClient(LrcLibClient.HttpClientName, (sp, client) =>
        {
            var o = sp.GetRequiredService<IOptions<LrcLibOptions>>().Value;
            client.BaseAddress = BaseAddress(o.Url);
            client.Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
            client.DefaultRequestHeaders.UserAgent.ParseAdd(o.UserAgent);
            client.DefaultRequestHeaders.Add("Lrclib-Client", o.UserAgent);
            client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        })
        .AddResilienceHandler("lrclib-retry", static pipeline => pipeline.AddRetry(RetryOptions(1, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3))));

        services.AddSingleton<SharedWhisperClient>();
        services.AddSingleton<GroqWhisperClient>();
        services.AddSingleton<LrcLibClient>();
        services.AddSingleton<LyricsLookup>();

        // Tier order: shared-whisper first, Groq last.
        services.AddSingleton<ISpeechToText>(sp => sp.GetRequiredService<SharedWhisperClient>());
        services.AddSingleton<ISpeechToText>(sp => sp.GetRequiredService<GroqWhisperClient>());
        services.AddSingleton<SegmentFallback>();
        services.AddSingleton<TranscriptMemo>();
        services.AddSingleton<ITier1Repair, SegmentRepair>();
        services.AddAlignmentEngine<SharedWhisperAlignmentEngine>();
        services.AddAlignmentEngine<GroqWhisperAlignmentEngine>();
        return services;
    }

    /// <summary>
    /// Retries 5xx and network failures with exponential backoff, and 429 after its <c>retry-after</c> — unless the
    /// server asks for longer than <paramref name="maxRetryAfter"/>, when the next tier is the faster way out.
    /// </summary>
    public static HttpRetryStrategyOptions RetryOptions(int maxRetries, TimeSpan baseDelay, TimeSpan maxRetryAfter) => new()
    {
        MaxRetryAttempts = maxRetries,
        Delay = baseDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
        {
            { Exception: HttpRequestException } => true,
            { Result.StatusCode: HttpStatusCode.TooManyRequests } r => RetryAfter(r.Result!) is not { } wait || wait <= maxRetryAfter,
            { Result: { } response } => (int)response.StatusCode >= 500,
            _ => false,
        }),
    };

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    private static Uri? BaseAddress(string? url) =>
        string.IsNullOrWhiteSpace(url) ? null : new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);

    private static bool IsAbsoluteOrEmpty(string? url) =>
        string.IsNullOrWhiteSpace(url) || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
}

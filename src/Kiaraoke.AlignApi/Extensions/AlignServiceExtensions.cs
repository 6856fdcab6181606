using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Fallbacks;
using Kiaraoke.AlignApi.Input;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Telemetry;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Kiaraoke.AlignApi.Extensions;

public static class AlignServiceExtensions
{
    /// <summary>Options (validated at start), engines, tier router with its resilience pipelines, limiter, store.</summary>
    public static IHostApplicationBuilder AddAlignServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddKiaraokeOptions<AlignmentOptions, AlignmentOptionsValidator>(AlignmentOptions.SectionName);
        services.AddKiaraokeOptions<ServiceLimitsOptions, ServiceLimitsOptionsValidator>(ServiceLimitsOptions.SectionName);
        services.AddKiaraokeOptions<InferenceOptions, InferenceOptionsValidator>(InferenceOptions.SectionName);
        services.AddKiaraokeOptions<BreakerOptions, BreakerOptionsValidator>(BreakerOptions.SectionName);
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName)
            .Configure<IConfiguration>((o, c) => KiaraokeEnvironment.Apply(o, c, ApiKeyOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        services.AddOptions<ExternalServicesOptions>().BindConfiguration(ExternalServicesOptions.SectionName)
            .Configure<IConfiguration>((o, c) => KiaraokeEnvironment.Apply(o, c, ExternalServicesOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<EnvironmentOptionsValidator>();
        services.AddSingleton<IValidateOptions<AlignmentOptions>>(sp => sp.GetRequiredService<EnvironmentOptionsValidator>());
        services.AddSingleton<IValidateOptions<ServiceLimitsOptions>>(sp => sp.GetRequiredService<EnvironmentOptionsValidator>());
        services.AddSingleton<IValidateOptions<ExternalServicesOptions>>(sp => sp.GetRequiredService<EnvironmentOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AlignMetrics>();
        services.AddSingleton<CtcModelProvider>();
        services.AddHostedService<ModelWarmupService>();
        services.AddHostedService<StartupReport>();
        services.AddAlignmentEngine<CtcAlignmentEngine>();
        services.AddWhisperFallbacks(builder.Configuration);
        builder.AddPersistence();
        services.AddSingleton(sp =>
        {
            // The duration limit and the timeout are enforced while decoding (ffprobe first, then every sample).
            var limits = sp.GetRequiredService<IOptionsMonitor<ServiceLimitsOptions>>();
            return new FfmpegAudioDecoder(limits: () => new AudioDecodeLimits(
                limits.CurrentValue.MaxAudioSeconds, TimeSpan.FromSeconds(limits.CurrentValue.DecodeTimeoutSeconds), "KARAOKE_MAX_AUDIO_SECONDS"));
        });
        services.AddSingleton(new AudioProbe());
        services.AddSingleton<InferenceLimiter>();
        services.AddSingleton<Tier1Breaker>();
        services.AddSingleton<TierRouter>();
        services.AddSingleton<AlignmentCoordinator>();
        services.AddSingleton<AlignInputReader>();
        services.AddSingleton<UploadFolder>();
        services.AddHostedService(sp => sp.GetRequiredService<UploadFolder>());
        services.AddTierPipelines();
        return builder;
    }

    private static void AddKiaraokeOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .Configure<IConfiguration>((o, c) => KiaraokeEnvironment.Apply(o, c, section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }

    /// <summary>
    /// Tier 1: circuit breaker (outer) around a timeout (inner), so timeouts count as failures; Tier 2 and 3: a timeout
    /// each. No retry: a failed tier falls through to the next one instead.
    /// </summary>
    private static void AddTierPipelines(this IServiceCollection services)
    {
        services.AddResiliencePipeline(Tier1Breaker.PipelineKey, static (builder, context) =>
        {
            var sp = context.ServiceProvider;
            var breaker = sp.GetRequiredService<Tier1Breaker>();
            var options = sp.GetRequiredService<IOptions<BreakerOptions>>().Value;
            var alignment = sp.GetRequiredService<IOptions<AlignmentOptions>>().Value;
            var logger = sp.GetRequiredService<ILogger<Tier1Breaker>>();
            builder.TimeProvider = sp.GetRequiredService<TimeProvider>();
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(options.SamplingDurationSeconds),
                BreakDuration = TimeSpan.FromSeconds(options.BreakDurationSeconds),
                StateProvider = breaker.StateProvider,
                ManualControl = breaker.ManualControl,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    null => false,
                    OperationCanceledException => false,     // the caller left; not Tier 1's fault
                    CtcAlignmentException => false,          // the input cannot be aligned (text longer than audio)
                    LyricsFormatException => false,
                    _ => true,                               // exceptions, timeouts, out-of-memory, gate rejections
                }),
                OnOpened = args =>
                {
                    AlignLog.BreakerOpened(logger, args.BreakDuration.TotalSeconds, args.Outcome.Exception?.GetType().Name ?? "manual isolation");
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    AlignLog.BreakerClosed(logger);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    AlignLog.BreakerHalfOpen(logger);
                    return ValueTask.CompletedTask;
                },
            });
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(alignment.Tier1TimeoutSeconds) });
        });

        foreach (var tier in new[] { AlignmentTier.SharedWhisper, AlignmentTier.GroqWhisper })
        {
            services.AddResiliencePipeline(TierRouter.PipelineKey(tier), (builder, context) =>
            {
                var alignment = context.ServiceProvider.GetRequiredService<IOptions<AlignmentOptions>>().Value;
                builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                var seconds = tier == AlignmentTier.SharedWhisper ? alignment.Tier2TimeoutSeconds : alignment.Tier3TimeoutSeconds;
                builder.AddTimeout(TimeSpan.FromSeconds(seconds));
            });
        }
    }
}

/// <summary>Says at start-up how the service is protected; the local-development mode is loud on purpose.</summary>
internal sealed class StartupReport(IOptions<ApiKeyOptions> options, ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        if (value.LocalDevelopmentMode)
        {
            AlignLog.LocalDevelopmentMode(logger);
        }
        else
        {
            AlignLog.ApiKeysConfigured(logger, value.Keys.Count, value.OpenReads ? "open (KARAOKE_OPEN_READS)" : "need a key");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

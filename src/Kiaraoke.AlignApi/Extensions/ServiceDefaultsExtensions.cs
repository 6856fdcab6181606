using System.Text.Json;
using Kiaraoke.AlignApi.Contracts;
using Kiaraoke.AlignApi.Endpoints;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Kiaraoke.AlignApi.Extensions;

public static class ServiceDefaultsExtensions
{
    public const string OpenApiYamlPath = "/openapi/v1.yaml";

    /// <summary>ProblemDetails, OpenTelemetry (metrics, traces, logs; Prometheus always, OTLP when configured), health checks, OpenAPI.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailDefaults.Fill);
        builder.Services.AddExceptionHandler<ApiProblemExceptionHandler>();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(AlignMetrics.MeterName, "Polly")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(AlignActivity.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health") && !ctx.Request.Path.StartsWithSegments("/metrics")));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        builder.Services.AddHealthChecks()
            .AddCheck<ModelHealthCheck>("model", tags: ["ready"])
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<CacheHealthCheck>("cache", tags: ["ready"]);

        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Kiaraoke.AlignApi",
                    Version = "v1",
                    Description = "Word-level karaoke timestamps by CTC forced alignment of known lyrics (Tier 1), with Whisper fallbacks (Tiers 2 and 3). " +
                                  "Endpoints other than health, metrics and documents need an API key in the X-API-Key header unless the instance runs in local-development mode.",
                };
                document.Servers = [];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<AlignBodyMetadata>().Any())
                {
                    return;
                }

                var json = await context.GetOrCreateSchemaAsync(typeof(AlignJsonRequest), null, cancellationToken);
                var form = await context.GetOrCreateSchemaAsync(typeof(AlignFormRequest), null, cancellationToken);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "multipart/form-data with the vocals in the part 'audio', or JSON with vocalsPath under the vocals root.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new() { Schema = form },
                        ["application/json"] = new() { Schema = json },
                    },
                };
            });
        });
        return builder;
    }

    /// <summary>Health (live, ready, alias), Prometheus /metrics, the OpenAPI document (JSON and YAML) and Swagger UI.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live"), ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapOpenApi("/openapi/{documentName}.yaml");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "swagger";
            options.SwaggerEndpoint("/openapi/v1.json", "Kiaraoke.AlignApi v1");
        });
        return app;
    }

    /// <summary>
    /// Status per check for everyone; the descriptions (database file or host, Redis endpoint, model) only for a caller
    /// with a valid key, or in local-development mode, since they map the deployment.
    /// </summary>
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var keys = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Options.ApiKeyOptions>>().CurrentValue;
        var supplied = context.Request.Headers[Options.ApiKeyOptions.HeaderName].ToString();
        var detailed = keys.LocalDevelopmentMode || (supplied.Length > 0 && Security.ApiKeyEndpointFilter.Matches(supplied, keys.Keys));
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => detailed
                    ? new { status = e.Value.Status.ToString(), description = e.Value.Description }
                    : new { status = e.Value.Status.ToString(), description = (string?)"details need the X-API-Key header" }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>Ready when the Tier 1 model is loaded, or when Tier 1 is deliberately not used (whisper mode, licence guard).</summary>
internal sealed class ModelHealthCheck(CtcModelProvider provider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(provider switch
        {
            { IsLoaded: true } => HealthCheckResult.Healthy(
                $"{provider.Model!.Descriptor.Id}@{provider.Model.Descriptor.Revision} on {provider.Model.Device}, licence {provider.Model.Descriptor.License}"),
            { Attempted: true, UnavailableReason: { } reason } => HealthCheckResult.Healthy(reason),
            _ => HealthCheckResult.Unhealthy("The Tier 1 model is not loaded yet."),
        });
}

/// <summary>
/// The database of word_timestamps_cache. Unreachable is Degraded, not Unhealthy: results are still computed and
/// returned, and their writes wait in the retry queue.
/// </summary>
internal sealed class StoreHealthCheck(IWordTimestampStore store, SchemaMigrationService schema, WriteRetryQueue writes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await store.IsReachableAsync(cancellationToken))
        {
            return HealthCheckResult.Degraded($"{store.Description} is not reachable; results are computed and their writes queued ({writes.Pending} waiting).");
        }

        if (!schema.IsMigrated)
        {
            return HealthCheckResult.Degraded($"{store.Description}: word_timestamps_cache is not migrated yet (retrying).");
        }

        // Writes waiting (the database just came back, or a retry keeps failing) are Degraded until they have landed.
        return writes.Pending == 0
            ? HealthCheckResult.Healthy(store.Description)
            : HealthCheckResult.Degraded($"{store.Description}: {writes.Pending} queued write(s) not stored yet.");
    }
}

/// <summary>Level 2 of the cache. Redis unreachable is Degraded: look-ups fall back to memory and the database.</summary>
internal sealed class CacheHealthCheck(RedisConnection? redis = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (redis is null)
        {
            return HealthCheckResult.Healthy("in-memory only (REDIS_URL not set)");
        }

        await redis.GetAsync().WaitAsync(cancellationToken);
        return redis.IsConnected
            ? HealthCheckResult.Healthy($"Redis {redis.Endpoint}")
            : HealthCheckResult.Degraded($"Redis {redis.Endpoint} is not reachable; serving from the database.");
    }
}

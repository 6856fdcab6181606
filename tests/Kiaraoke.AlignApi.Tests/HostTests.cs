using System.Net;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Kiaraoke.AlignApi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>Health, documents, metrics, start-up validation and the licence guard.</summary>
public sealed class HostTests
{
    [Fact]
    public async Task Health_live_ready_and_alias_report_the_loaded_model_and_the_store()
    {
        await using var app = new AlignApiApplication { Settings = { ["KARAOKE_API_KEYS"] = AlignApiApplication.ApiKey } };
        var client = app.CreateClient(apiKey: null);

        Assert.Equal("Healthy", (await (await client.GetAsync("/health/live")).ExpectAsync(200)).Str("status"));

        // Descriptions name files, hosts and the model: only a caller with a key sees them (HardeningTests).
        var ready = await (await app.CreateClient(AlignApiApplication.ApiKey).GetAsync("/health/ready")).ExpectAsync(200);
        Assert.Equal("Healthy", ready.Str("status"));
        Assert.StartsWith("tone-ctc@", ready.GetProperty("checks").GetProperty("model").Str("description"));
        Assert.EndsWith(", licence CommercialUse", ready.GetProperty("checks").GetProperty("model").Str("description"));
        Assert.StartsWith("SQLite ", ready.GetProperty("checks").GetProperty("store").Str("description"));
        Assert.Equal("in-memory only (REDIS_URL not set)", ready.GetProperty("checks").GetProperty("cache").Str("description"));
        Assert.Equal("Healthy", (await (await client.GetAsync("/health")).ExpectAsync(200)).Str("status"));
    }

    [Fact]
    public async Task Swagger_ui_and_prometheus_metrics_are_served()
    {
        await using var app = new AlignApiApplication { Engines = [new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc")] };
        var client = app.CreateClient(apiKey: null);
        await (await client.PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(1_000), "m1", "bonjour la mer salut tout le monde"))).ExpectAsync(200);

        var swagger = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        Assert.Contains("swagger", await swagger.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The Prometheus exporter caches a scrape briefly; poll until the alignment shows up.
        string metrics = string.Empty;
        for (var i = 0; i < 40 && !metrics.Contains("kiaraoke_align_tier_requests_total", StringComparison.Ordinal); i++)
        {
            await Task.Delay(250);
            metrics = await client.GetStringAsync("/metrics");
        }

        Assert.Contains("kiaraoke_align_tier_requests_total{", metrics);
        Assert.Contains("outcome=\"success\"", metrics);
        Assert.Contains("kiaraoke_align_tier_duration_seconds_bucket", metrics);
        Assert.Contains("kiaraoke_align_confidence_avg_bucket", metrics);
        Assert.Contains("kiaraoke_align_tier1_breaker_state", metrics);
    }

    [Fact]
    public async Task Openapi_yaml_at_the_repo_root_is_the_served_document()
    {
        await using var app = new AlignApiApplication();
        var served = (await app.CreateClient(apiKey: null).GetStringAsync("/openapi/v1.yaml")).ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("KIARAOKE_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Repo.OpenApiYaml, served);
        }

        var committed = (await File.ReadAllTextAsync(Repo.OpenApiYaml)).ReplaceLineEndings("\n");
        Assert.True(committed == served, "openapi.yaml differs from the served /openapi/v1.yaml; regenerate it with KIARAOKE_UPDATE_OPENAPI=1 dotnet test --filter Openapi");
        foreach (var path in new[] { "/align:", "/regenerate:", "/timestamps/{spotifyTrackId}", "/admin/tier1:", "multipart/form-data:", "vocalsPath:" })
        {
            Assert.Contains(path, served);
        }
    }

    public static TheoryData<string, string, string> BadConfiguration => new()
    {
        { "KARAOKE_ALIGNMENT_ENGINE", "torch", "KARAOKE_ALIGNMENT_ENGINE" },
        { "KARAOKE_ALIGNMENT_LICENSE_MODE", "free", "KARAOKE_ALIGNMENT_LICENSE_MODE" },
        { "CTC_ALIGN_DEVICE", "cpu_invalid", "CTC_ALIGN_DEVICE" },
        { "KARAOKE_CTC_MIN_CONFIDENCE_AVG", "1.5", "MinConfidenceAverage" },
        { "SHARED_WHISPER_URL", "shared-whisper:9000", "SHARED_WHISPER_URL" },
        { "DATABASE_URL", "mysql://db/x", "DATABASE_URL" },
        { "REDIS_URL", "not a url", "REDIS_URL" },
        { "KARAOKE_MODEL_DIR", "/nonexistent/model", "KARAOKE_MODEL_DIR" },
        { "KARAOKE_VOCALS_ROOT", "/nonexistent/vocals", "KARAOKE_VOCALS_ROOT" },
    };

    [Theory]
    [MemberData(nameof(BadConfiguration))]
    public async Task Bad_configuration_stops_the_service_with_a_clear_message(string name, string value, string expected)
    {
        // The same composition as Program.cs, started directly so the start-up failure is observed as thrown.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Repo.Root, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["KARAOKE_MODEL_DIR"] = Repo.ToneModel, [name] = value });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.AddAlignServices();
        await using var app = builder.Build();

        var error = await Record.ExceptionAsync(() => app.StartAsync());

        Assert.NotNull(error);
        var validation = Flatten(error).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, $"expected an OptionsValidationException, got {error}");
        Assert.Contains(expected, validation.Message);
    }

    [Fact]
    public async Task Good_external_urls_pass_validation()
    {
        await using var app = new AlignApiApplication
        {
            Settings =
            {
                ["SHARED_WHISPER_URL"] = "http://shared-whisper:9000",
                ["DATABASE_URL"] = "postgresql://user:pw@db:5432/kiaraoke",
                ["REDIS_URL"] = "redis://redis:6379/0",
                ["GROQ_API_KEY"] = "gsk_abcdefgh",
            },
        };

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient(apiKey: null).GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Commercial_mode_refuses_a_non_commercial_model_and_uses_the_embedded_one()
    {
        using var folder = new TempFolder();
        foreach (var file in Directory.GetFiles(Repo.ToneModel))
        {
            File.Copy(file, folder.File(Path.GetFileName(file)));
        }

        File.WriteAllText(folder.File("MODEL_CARD.md"), "---\nlicense: cc-by-nc-4.0\n---\n# a non-commercial model\n");
        var logs = new ListLoggerProvider();
        await using var app = new AlignApiApplication
        {
            Settings = { ["KARAOKE_MODEL_DIR"] = folder.Path, ["KARAOKE_ALIGNMENT_LICENSE_MODE"] = "commercial" },
            ExtraServices = s => s.AddSingleton<ILoggerProvider>(logs),
        };

        var status = await (await app.CreateClient(apiKey: null).GetAsync("/admin/tier1")).ExpectAsync(200);

        Assert.StartsWith("kiaraoke-ctc-v2@", status.Str("model_version"));
        Assert.Contains(logs.Messages, m => m.Contains("Licence guard", StringComparison.Ordinal) && m.Contains(folder.Path, StringComparison.Ordinal));

        await using var nonCommercial = new AlignApiApplication { Settings = { ["KARAOKE_MODEL_DIR"] = folder.Path } };
        var allowed = await (await nonCommercial.CreateClient(apiKey: null).GetAsync("/admin/tier1")).ExpectAsync(200);
        Assert.StartsWith(Path.GetFileName(folder.Path) + "@", allowed.Str("model_version"));
    }

    [Fact]
    public async Task Health_names_the_licence_and_commercial_mode_swaps_the_non_commercial_v3_for_v2()
    {
        var v3 = Path.Combine(Repo.Root, "models", "kiaraoke-ctc-v3");
        await using var commercial = new AlignApiApplication
        {
            Settings = { ["KARAOKE_MODEL_DIR"] = v3, ["KARAOKE_ALIGNMENT_LICENSE_MODE"] = "commercial" },
        };
        var ready = await (await commercial.CreateClient(apiKey: null).GetAsync("/health/ready")).ExpectAsync(200);
        var model = ready.GetProperty("checks").GetProperty("model").Str("description");
        Assert.StartsWith("kiaraoke-ctc-v2@", model);
        Assert.EndsWith(", licence CommercialUse", model);

        await using var nonCommercial = new AlignApiApplication { Settings = { ["KARAOKE_MODEL_DIR"] = v3 } };
        ready = await (await nonCommercial.CreateClient(apiKey: null).GetAsync("/health/ready")).ExpectAsync(200);
        model = ready.GetProperty("checks").GetProperty("model").Str("description");
        Assert.StartsWith("kiaraoke-ctc-v3@", model);
        Assert.EndsWith(", licence NonCommercial", model);
    }

    [Fact]
    public async Task Commercial_mode_falls_back_to_the_licence_clean_model_when_the_embedded_one_is_non_commercial()
    {
        var v3 = Path.Combine(Repo.Root, "models", "kiaraoke-ctc-v3");
        await using var commercial = new AlignApiApplication
        {
            Settings = { ["KARAOKE_MODEL_DIR"] = "", ["Alignment:EmbeddedModelDir"] = v3, ["KARAOKE_ALIGNMENT_LICENSE_MODE"] = "commercial" },
        };
        var status = await (await commercial.CreateClient(apiKey: null).GetAsync("/admin/tier1")).ExpectAsync(200);
        Assert.StartsWith("kiaraoke-ctc-v2@", status.Str("model_version"));

        // With no licence-clean model either, Tier 1 is off and says why.
        await using var none = new AlignApiApplication
        {
            Settings =
            {
                ["KARAOKE_MODEL_DIR"] = "",
                ["Alignment:EmbeddedModelDir"] = v3,
                ["KARAOKE_COMMERCIAL_MODEL_DIR"] = v3,
                ["KARAOKE_ALIGNMENT_LICENSE_MODE"] = "commercial",
            },
        };
        var off = await (await none.CreateClient(apiKey: null).GetAsync("/admin/tier1")).ExpectAsync(200);
        Assert.False(off.GetProperty("available").GetBoolean());
        Assert.Contains("non-commercial", off.Str("unavailable_reason"), StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}

/// <summary>Captures formatted log lines.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new ListLogger(_messages);

    public void Dispose()
    {
    }

    private sealed class ListLogger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception));
    }
}

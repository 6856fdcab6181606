using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Tests.Support;
using Kiaraoke.Alignment.Timing;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>The tier router with scripted engines: fallback reasons, the Tier 1 breaker and the runtime switch.</summary>
public sealed class FallbackTests
{
    private const string Lyrics = "bonjour la mer\nsalut tout le monde";

    private static byte[] Audio => ToneVocals.Silent(3_000);

    private static Task<HttpResponseMessage> Align(HttpClient client, string track, string lyrics = Lyrics) =>
        client.PostAsync("/align", AlignRequests.Multipart(Audio, track, lyrics));

    [Fact]
    public async Task Tier1_exception_falls_back_to_tier2_with_its_reason()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc") { Behaviour = (_, _) => throw new InvalidOperationException("onnx exploded") };
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper");
        await using var app = new AlignApiApplication { Engines = [tier1, tier2] };

        var body = await (await Align(app.CreateClient(apiKey: null), "fb1")).ExpectAsync(200);

        Assert.Equal("shared_whisper", body.GetProperty("tier_used").GetString());
        Assert.Equal("shared_whisper", body.Str("source"));
        Assert.Equal("shared_whisper-fake", body.Str("model_version"));
        Assert.Equal("tier1 error: onnx exploded", body.Str("fallback_reason"));
        Assert.Equal(1, tier1.Calls);
        Assert.Equal(1, tier2.Calls);
    }

    [Fact]
    public async Task Tier1_gate_rejection_falls_back_to_tier2_and_records_why()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc", confidence: 0.2);
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper");
        await using var app = new AlignApiApplication { Engines = [tier1, tier2] };

        var body = await (await Align(app.CreateClient(apiKey: null), "fb2")).ExpectAsync(200);

        Assert.Equal("shared_whisper", body.GetProperty("tier_used").GetString());
        Assert.Equal("tier1 gate_rejected: low_confidence_avg: 0.200 < 0.450", body.Str("fallback_reason"));
    }

    [Fact]
    public async Task Gate_thresholds_come_from_the_karaoke_variables()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc", confidence: 0.2);
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper");
        await using var app = new AlignApiApplication
        {
            Engines = [tier1, tier2],
            Settings = { ["KARAOKE_CTC_MIN_CONFIDENCE_AVG"] = "0.1", ["KARAOKE_CTC_MAX_LOW_CONF_RATIO"] = "1.0" },
        };

        var body = await (await Align(app.CreateClient(apiKey: null), "fb2b")).ExpectAsync(200);

        Assert.Equal("ctc", body.GetProperty("tier_used").GetString());
        Assert.Equal(0, tier2.Calls);
    }

    [Fact]
    public async Task Tier2_failure_falls_back_to_tier3_and_both_reasons_are_kept()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc") { Behaviour = (_, _) => throw new OutOfMemoryException("no memory") };
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper") { Behaviour = (_, _) => throw new HttpRequestException("connection refused") };
        var tier3 = new FakeEngine(AlignmentTier.GroqWhisper, "groq_whisper");
        await using var app = new AlignApiApplication { Engines = [tier1, tier2, tier3] };

        var body = await (await Align(app.CreateClient(apiKey: null), "fb3")).ExpectAsync(200);

        Assert.Equal("groq_whisper", body.GetProperty("tier_used").GetString());
        Assert.Equal("groq_whisper", body.Str("source"));
        Assert.Equal("tier1 out_of_memory: no memory; tier2 error: connection refused", body.Str("fallback_reason"));
    }

    [Fact]
    public async Task Short_lyrics_skip_tier1()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper");
        await using var app = new AlignApiApplication { Engines = [tier1, tier2] };

        var body = await (await Align(app.CreateClient(apiKey: null), "fb4", "la mer")).ExpectAsync(200);

        Assert.Equal("shared_whisper", body.GetProperty("tier_used").GetString());
        Assert.StartsWith("lyrics_too_short: 5 characters < 20", body.Str("fallback_reason"));
        Assert.Equal(0, tier1.Calls);
    }

    [Fact]
    public async Task Whisper_mode_never_calls_tier1_and_ctc_mode_never_falls_back()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc") { Behaviour = (_, _) => throw new InvalidOperationException("broken") };
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper");
        await using (var whisper = new AlignApiApplication { Engines = [tier1, tier2], Settings = { ["KARAOKE_ALIGNMENT_ENGINE"] = "whisper" } })
        {
            var body = await (await Align(whisper.CreateClient(apiKey: null), "fb5")).ExpectAsync(200);
            Assert.Equal("shared_whisper", body.GetProperty("tier_used").GetString());
            Assert.Equal(0, tier1.Calls);
        }

        await using var ctc = new AlignApiApplication { Engines = [tier1, tier2], Settings = { ["KARAOKE_ALIGNMENT_ENGINE"] = "ctc" } };
        var failed = await Align(ctc.CreateClient(apiKey: null), "fb6");
        await failed.ExpectProblemAsync(503, "tier1 error: broken");
        Assert.Equal(1, tier2.Calls);
    }

    [Fact]
    public async Task When_every_tier_fails_the_answer_is_a_503_problem_with_the_reasons()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc") { Behaviour = (_, _) => throw new InvalidOperationException("a") };
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper") { Behaviour = (_, _) => throw new InvalidOperationException("b") };
        await using var app = new AlignApiApplication { Engines = [tier1, tier2] };

        var response = await Align(app.CreateClient(apiKey: null), "fb7");

        await response.ExpectProblemAsync(503, "tier1 error: a; tier2 error: b");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_degraded_tier1_result_is_delivered_when_no_later_tier_succeeds()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc", confidence: 0.3);
        await using var app = new AlignApiApplication { Engines = [tier1] };

        var body = await (await Align(app.CreateClient(apiKey: null), "fb8")).ExpectAsync(200);

        Assert.Equal("ctc", body.GetProperty("tier_used").GetString());
        Assert.StartsWith("tier1 gate_rejected: low_confidence_avg", body.Str("fallback_reason"));
    }

    [Fact]
    public async Task Without_a_later_tier_low_confidence_results_do_not_open_the_breaker()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc", confidence: 0.1);
        await using var app = new AlignApiApplication { Engines = [tier1], Time = new FakeTimeProvider(), Settings = { ["KARAOKE_BREAKER_MIN_THROUGHPUT"] = "2" } };
        var client = app.CreateClient(apiKey: null);

        for (var i = 0; i < 4; i++)
        {
            var body = await (await Align(client, $"deg{i}")).ExpectAsync(200);
            Assert.EndsWith("(no later tier: delivered degraded)", body.Str("fallback_reason"));
        }

        Assert.Equal(CircuitState.Closed, app.Get<Tier1Breaker>().State);
        Assert.Equal(4, tier1.Calls);
    }

    [Fact]
    public async Task Tier1_timeout_falls_back_with_reason_timeout()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc") { Behaviour = async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); throw new InvalidOperationException(); } };
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper");
        await using var app = new AlignApiApplication { Engines = [tier1, tier2], Settings = { ["KARAOKE_TIER1_TIMEOUT_SECONDS"] = "1" } };

        var body = await (await Align(app.CreateClient(apiKey: null), "fb9")).ExpectAsync(200);

        Assert.Equal("shared_whisper", body.GetProperty("tier_used").GetString());
        Assert.Equal("tier1 timeout: tier 1 exceeded its 1 s timeout", body.Str("fallback_reason"));
    }

    [Fact]
    public async Task Breaker_opens_after_repeated_failures_skips_tier1_then_closes_after_a_good_trial()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T10:00:00Z"));
        var failing = true;
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        tier1.Behaviour = (job, _) => failing ? throw new InvalidOperationException("cuda error") : Task.FromResult(FakeEngine.Spread(job, 0.9));
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper");
        await using var app = new AlignApiApplication
        {
            Engines = [tier1, tier2],
            Time = time,
            Settings =
            {
                ["KARAOKE_BREAKER_MIN_THROUGHPUT"] = "2",
                ["KARAOKE_BREAKER_FAILURE_RATIO"] = "0.5",
                ["KARAOKE_BREAKER_BREAK_SECONDS"] = "30",
            },
        };
        var client = app.CreateClient(apiKey: null);
        var breaker = app.Get<Tier1Breaker>();

        Assert.StartsWith("tier1 error", (await (await Align(client, "br1")).ExpectAsync(200)).Str("fallback_reason"));
        Assert.StartsWith("tier1 error", (await (await Align(client, "br2")).ExpectAsync(200)).Str("fallback_reason"));
        Assert.Equal(CircuitState.Open, breaker.State);

        failing = false;
        var skipped = await (await Align(client, "br3")).ExpectAsync(200);
        Assert.Equal("tier1 breaker_open", skipped.Str("fallback_reason"));
        Assert.Equal("shared_whisper", skipped.GetProperty("tier_used").GetString());
        Assert.Equal(2, tier1.Calls);

        time.Advance(TimeSpan.FromSeconds(31));
        var trial = await (await Align(client, "br4")).ExpectAsync(200);
        Assert.Equal("ctc", trial.GetProperty("tier_used").GetString());
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Equal(3, tier1.Calls);
    }

    [Fact]
    public async Task Gate_rejections_count_towards_opening_the_breaker()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc", confidence: 0.1);
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper");
        await using var app = new AlignApiApplication { Engines = [tier1, tier2], Time = new FakeTimeProvider(), Settings = { ["KARAOKE_BREAKER_MIN_THROUGHPUT"] = "2" } };
        var client = app.CreateClient(apiKey: null);

        await (await Align(client, "gr1")).ExpectAsync(200);
        await (await Align(client, "gr2")).ExpectAsync(200);

        Assert.Equal(CircuitState.Open, app.Get<Tier1Breaker>().State);
    }

    [Fact]
    public async Task Admin_switch_disables_and_reenables_tier1_at_run_time_behind_the_api_key()
    {
        var tier1 = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper");
        await using var app = new AlignApiApplication { Engines = [tier1, tier2], Settings = { ["KARAOKE_API_KEYS"] = AlignApiApplication.ApiKey } };
        var client = app.CreateClient(AlignApiApplication.ApiKey);

        await (await app.CreateClient(apiKey: null).PutAsync("/admin/tier1", Json.Body(new { enabled = false }))).ExpectProblemAsync(401, "X-API-Key");
        var disabled = await (await client.PutAsync("/admin/tier1", Json.Body(new { enabled = false }))).ExpectAsync(200);
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal("disabled", disabled.Str("breaker_state"));

        var skipped = await (await Align(client, "sw1")).ExpectAsync(200);
        Assert.Equal("tier1 tier1_disabled", skipped.Str("fallback_reason"));
        Assert.Equal(0, tier1.Calls);

        var enabled = await (await client.PutAsync("/admin/tier1", Json.Body(new { enabled = true }))).ExpectAsync(200);
        Assert.True(enabled.GetProperty("enabled").GetBoolean());
        var status = await (await client.GetAsync("/admin/tier1")).ExpectAsync(200);
        Assert.Equal("closed", status.Str("breaker_state"));
        Assert.Equal("ctc", (await (await Align(client, "sw2")).ExpectAsync(200)).GetProperty("tier_used").GetString());
    }
}

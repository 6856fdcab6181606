using System.Net.Http.Json;
using System.Text;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>
/// The store's contract, run against each database (subclasses): round trip across a restart, source priority and
/// user corrections, TTL per source, recompute on another engine version / model / flags, migration over a table
/// Kiaraoke made, invalidation, and refused corrections that leave nothing behind.
/// </summary>
public abstract class PersistenceContractTests
{
    private const string Lyrics = "bonjour la mer\nsalut tout le monde";

    private const string Legacy =
        """
        INSERT INTO word_timestamps_cache (spotify_track_id, youtube_video_id, words, lines, source, language, model_version, confidence_avg, word_count, duration_ms, artist_name, track_name, created_at, expires_at, alignment_engine_version) VALUES
        ('legacy1', 'vidA', '[{"word":"Bonjour","startMs":12000,"endMs":12480,"confidence":0.93},{"word":"toi","startMs":12520,"endMs":13200,"confidence":0.69}]', '[{"startMs":12000,"endMs":13200,"text":"Bonjour toi","words":[{"word":"Bonjour","startMs":12000,"endMs":12480,"confidence":0.93},{"word":"toi","startMs":12520,"endMs":13200,"confidence":0.69}]}]', 'torchaudio_ctc', 'fr', 'torchaudio-mms-fa', 0.81, 2, 13200, 'Artiste', 'Titre', '2026-01-01 10:00:00+00:00', '2099-01-01 00:00:00+00:00', 'v2-p1'),
        ('legacy2', NULL, '[{"word":"Salut","startMs":1000,"endMs":1400,"confidence":1.0},{"word":"toi","startMs":1500,"endMs":1900,"confidence":1.0}]', '[{"startMs":1000,"endMs":1900,"text":"Salut toi","words":[{"word":"Salut","startMs":1000,"endMs":1400,"confidence":1.0},{"word":"toi","startMs":1500,"endMs":1900,"confidence":1.0}]}]', 'user_corrected', 'fr', NULL, 1.0, 2, 1900, NULL, NULL, '2026-01-02 10:00:00+00:00', NULL, NULL),
        ('legacy3', 'vidB', '[]', '[]', 'shared_whisper', 'fr', 'shared-whisper-large-v3-turbo', 0.7, 0, 0, NULL, NULL, '2025-01-01 10:00:00+00:00', '2025-04-01 10:00:00+00:00', 'v2-p1')
        """;

    private static readonly string[] AddedColumns = ["alignment_engine", "alignment_engine_version", "model_id", "model_revision", "postprocess_flags", "tier_used", "fallback_reason", "lrc_offset_ms", "unmet_anchors"];

    private protected abstract Task<StoreFixture> CreateStoreAsync();

    /// <summary>Kiaraoke's table as its worker created it (no unique constraint, no columns of this service but one), in this provider's dialect.</summary>
    private protected abstract string LegacyTableSql { get; }

    private static MultipartFormDataContent Align(string track, string? video = null, bool force = false)
    {
        var fields = new Dictionary<string, string>();
        if (video is not null)
        {
            fields["youtube_video_id"] = video;
        }

        if (force)
        {
            fields["force_regenerate"] = "true";
        }

        return AlignRequests.Multipart(ToneVocals.Silent(3_000), track, Lyrics, fields);
    }

    private static JsonContent Correction(int offsetMs = 100) => JsonContent.Create(new
    {
        language = "fr",
        lines = new object[]
        {
            new { startMs = offsetMs, endMs = offsetMs + 900, text = "bonjour la mer", words = new object[]
            {
                new { word = "bonjour", startMs = offsetMs, endMs = offsetMs + 300 },
                new { word = "la", startMs = offsetMs + 350, endMs = offsetMs + 500 },
                new { word = "mer", startMs = offsetMs + 550, endMs = offsetMs + 900, confidence = 0.8 },
            } },
        },
    });

    [Fact]
    public async Task A_computed_result_is_stored_and_served_after_a_restart_without_computing_again()
    {
        using var store = await CreateStoreAsync();
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        string lines;
        await using (var app = store.App(engine))
        {
            var computed = await (await app.CreateClient(apiKey: null).PostAsync("/align", Align("rt1", "vid1"))).ExpectAsync(200);
            lines = computed.GetProperty("lines").GetRawText();
        }

        await using (var restarted = store.App(engine))
        {
            var client = restarted.CreateClient(apiKey: null);
            var served = await (await client.GetAsync("/timestamps/rt1?youtube_video_id=vid1")).ExpectAsync(200);
            Assert.Equal("found", served.Str("status"));
            Assert.Equal("kiaraoke_ctc", served.Str("source"));
            Assert.Equal(lines, served.GetProperty("lines").GetRawText());
            await (await client.PostAsync("/align", Align("rt1", "vid1"))).ExpectAsync(200);
            Assert.Equal("found", (await (await client.GetAsync("/timestamps/rt1")).ExpectAsync(200)).Str("status"));
        }

        Assert.Equal(1, engine.Calls);
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id = 'rt1' AND youtube_video_id = 'vid1'"));
        Assert.Equal(1, await store.ScalarAsync(
            "SELECT COUNT(*) FROM word_timestamps_cache WHERE alignment_engine = 'ctc' AND alignment_engine_version = 'v2-p1' AND model_id = 'kiaraoke_ctc-fake' AND postprocess_flags = 'none' AND tier_used = 1 AND word_count = 7"));
    }

    [Fact]
    public async Task The_lrc_offset_and_unmet_anchors_are_stored_and_come_back_in_the_quality_block_after_a_restart()
    {
        using var store = await CreateStoreAsync();
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc")
        {
            Behaviour = (job, _) => Task.FromResult(FakeEngine.Spread(job, 0.9) with
            {
                Anchors = new Kiaraoke.Alignment.Anchors.AnchorReport(LrcOffsetMs: -340, TimedLines: 2, WidenedLines: 1, WordAnchors: 3, DroppedWordAnchors: 2, AnchorsAbandoned: false),
            }),
        };
        string fresh;
        await using (var app = store.App(engine))
        {
            var quality = (await (await app.CreateClient(apiKey: null).PostAsync("/align", Align("an1", "v1"))).ExpectAsync(200)).GetProperty("quality");
            Assert.Equal(-340, quality.GetProperty("lrc_offset_ms").GetInt32());
            Assert.Equal(3, quality.GetProperty("unmet_anchors").GetInt32()); // one widened line, two dropped word tags
            fresh = quality.GetRawText();
        }

        await using (var restarted = store.App(engine))
        {
            var client = restarted.CreateClient(apiKey: null);
            Assert.Equal(fresh, (await (await client.GetAsync("/timestamps/an1?youtube_video_id=v1")).ExpectAsync(200)).GetProperty("quality").GetRawText());
            Assert.Equal(fresh, (await (await client.PostAsync("/align", Align("an1", "v1"))).ExpectAsync(200)).GetProperty("quality").GetRawText());
        }

        Assert.Equal(1, engine.Calls);
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id = 'an1' AND lrc_offset_ms = -340 AND unmet_anchors = 3"));
    }

    [Fact]
    public async Task A_user_correction_wins_over_computed_sources_and_survives_force_regenerate()
    {
        using var store = await CreateStoreAsync();
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        await using var app = store.App(engine);
        var client = app.CreateClient(apiKey: null);

        await (await client.PostAsync("/align", Align("pr1", "v1"))).ExpectAsync(200);
        var corrected = await (await client.PutAsync("/timestamps/pr1/words?youtube_video_id=v1", Correction())).ExpectAsync(200);
        Assert.Equal("user_corrected", corrected.Str("source"));
        Assert.Equal("user", corrected.Str("tier_used"));

        var served = await (await client.GetAsync("/timestamps/pr1?youtube_video_id=v1")).ExpectAsync(200);
        Assert.Equal("user_corrected", served.Str("source"));
        Assert.Equal(100, served.GetProperty("lines")[0].GetProperty("startMs").GetInt32());
        Assert.Equal("user_corrected", (await (await client.PostAsync("/align", Align("pr1", "v1"))).ExpectAsync(200)).Str("source"));

        // A forced recomputation answers its caller but never overwrites the correction of the same video.
        Assert.Equal("kiaraoke_ctc", (await (await client.PostAsync("/align", Align("pr1", "v1", force: true))).ExpectAsync(200)).Str("source"));
        Assert.Equal("user_corrected", (await (await client.GetAsync("/timestamps/pr1?youtube_video_id=v1")).ExpectAsync(200)).Str("source"));

        // Kiaraoke's order: the exact video first, then priority. A video-independent correction answers without a
        // video (and for other videos); the row of the exact video still answers for that video, in both services.
        await (await client.PostAsync("/align", Align("pr2", "v2"))).ExpectAsync(200);
        await (await client.PutAsync("/timestamps/pr2/words", Correction(offsetMs: 200))).ExpectAsync(200);
        Assert.Equal("kiaraoke_ctc", (await (await client.GetAsync("/timestamps/pr2?youtube_video_id=v2")).ExpectAsync(200)).Str("source"));
        var best = await (await client.GetAsync("/timestamps/pr2")).ExpectAsync(200);
        Assert.Equal("user_corrected", best.Str("source"));
        Assert.Equal(200, best.GetProperty("lines")[0].GetProperty("startMs").GetInt32());
        Assert.Equal(3, engine.Calls);
        Assert.Equal(2, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id = 'pr2'"));
    }

    [Fact]
    public async Task Computed_rows_expire_after_their_ttl_and_user_corrections_never()
    {
        using var store = await CreateStoreAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await using var app = store.App(new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc"), time);
        var client = app.CreateClient(apiKey: null);

        await (await client.PostAsync("/align", Align("ttl1"))).ExpectAsync(200);
        await (await client.PutAsync("/timestamps/ttl2/words", Correction())).ExpectAsync(200);
        Assert.Equal("found", (await (await client.GetAsync("/timestamps/ttl1")).ExpectAsync(200)).Str("status"));

        time.Advance(TimeSpan.FromDays(89));
        Assert.Equal("found", (await (await client.GetAsync("/timestamps/ttl1")).ExpectAsync(200)).Str("status"));

        time.Advance(TimeSpan.FromDays(2));
        Assert.Equal("not_found", (await (await client.GetAsync("/timestamps/ttl1")).ExpectAsync(200)).Str("status"));
        time.Advance(TimeSpan.FromDays(3_650));
        Assert.Equal("found", (await (await client.GetAsync("/timestamps/ttl2")).ExpectAsync(200)).Str("status"));
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE source = 'user_corrected' AND expires_at IS NULL"));
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE source = 'kiaraoke_ctc' AND expires_at IS NOT NULL"));
    }

    [Fact]
    public async Task Another_engine_version_model_or_flags_recomputes_except_user_corrections()
    {
        using var store = await CreateStoreAsync();
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        await using (var app = store.App(engine))
        {
            var client = app.CreateClient(apiKey: null);
            await (await client.PostAsync("/align", Align("vm1"))).ExpectAsync(200);
            await (await client.PutAsync("/timestamps/vm2/words", Correction())).ExpectAsync(200);
        }

        var changes = new (FakeEngine Engine, Dictionary<string, string?> Settings)[]
        {
            (engine, new() { ["KARAOKE_ALIGNMENT_ENGINE_VERSION"] = "v9-test" }),
            (new FakeEngine(AlignmentTier.Ctc, "other_ctc"), new()),
            (engine, new() { ["KARAOKE_ONSET_REFINE"] = "true" }),
        };
        foreach (var (current, settings) in changes)
        {
            await using var changed = store.App(current, settings: settings);
            var client = changed.CreateClient(apiKey: null);
            Assert.Equal("not_found", (await (await client.GetAsync("/timestamps/vm1")).ExpectAsync(200)).Str("status"));
            Assert.Equal("found", (await (await client.GetAsync("/timestamps/vm2")).ExpectAsync(200)).Str("status"));
        }

        await using (var changed = store.App(engine, settings: new Dictionary<string, string?> { ["KARAOKE_ALIGNMENT_ENGINE_VERSION"] = "v9-test" }))
        {
            await (await changed.CreateClient(apiKey: null).PostAsync("/align", Align("vm1"))).ExpectAsync(200);
        }

        Assert.Equal(2, engine.Calls);
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id = 'vm1' AND alignment_engine_version = 'v9-test'"));
    }

    [Fact]
    public async Task Migration_over_a_kiaraoke_table_keeps_its_rows_and_adds_what_is_missing()
    {
        using var store = await CreateStoreAsync();
        await store.ExecuteAsync(LegacyTableSql);
        await store.ExecuteAsync(Legacy);
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");

        for (var start = 0; start < 2; start++)
        {
            // Twice: the second start finds everything in place.
            await using var app = store.App(engine);
            var client = app.CreateClient(apiKey: null);
            Assert.Equal("Healthy", (await (await client.GetAsync("/health/ready")).ExpectAsync(200)).Str("status"));
            Assert.Equal(3, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache"));

            var kept = await (await client.GetAsync("/timestamps/legacy2?youtube_video_id=anyvideo")).ExpectAsync(200);
            Assert.Equal("user_corrected", kept.Str("source"));
            Assert.Equal("Salut toi", kept.GetProperty("lines")[0].Str("text"));
            Assert.Equal(1900, kept.GetProperty("lines")[0].GetProperty("endMs").GetInt32());
            Assert.Equal("not_found", (await (await client.GetAsync("/timestamps/legacy3?youtube_video_id=vidB")).ExpectAsync(200)).Str("status"));

            // The worker's row passed Kiaraoke's gate (0.81, above ours): served as Kiaraoke's back end serves it, not recomputed.
            var worker = await (await client.GetAsync("/timestamps/legacy1?youtube_video_id=vidA")).ExpectAsync(200);
            Assert.Equal("torchaudio_ctc", worker.Str("source"));
            var align = await client.PostAsync("/align", Align("legacy1", "vidA"));
            await align.ExpectAsync(200);
            Assert.Equal("hit", align.Headers.GetValues("X-Cache").Single());
            Assert.Equal(3, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache"));
        }

        var columns = await store.ColumnsAsync();
        Assert.All(AddedColumns, c => Assert.Contains(c, columns));
        Assert.Equal(0, engine.Calls);
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id = 'legacy1' AND source = 'torchaudio_ctc'"));
    }

    [Fact]
    public async Task Delete_invalidates_the_store_and_both_cache_levels()
    {
        using var store = await CreateStoreAsync();
        await using var app = store.App(new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc"));
        var client = app.CreateClient(apiKey: null);
        await (await client.PostAsync("/align", Align("del1", "v1"))).ExpectAsync(200);
        await (await client.PostAsync("/align", Align("del1", "v2"))).ExpectAsync(200);
        Assert.Equal("found", (await (await client.GetAsync("/timestamps/del1?youtube_video_id=v1")).ExpectAsync(200)).Str("status"));
        Assert.Equal("found", (await (await client.GetAsync("/timestamps/del1")).ExpectAsync(200)).Str("status"));

        var removed = await (await client.DeleteAsync("/timestamps/del1")).ExpectAsync(200);
        Assert.Equal(2, removed.GetProperty("removed").GetInt32());
        Assert.Equal("not_found", (await (await client.GetAsync("/timestamps/del1?youtube_video_id=v1")).ExpectAsync(200)).Str("status"));
        Assert.Equal("not_found", (await (await client.GetAsync("/timestamps/del1")).ExpectAsync(200)).Str("status"));
    }

    [Theory]
    [InlineData("{\"lines\": [", "malformed")]
    [InlineData("{}", "lines is required")]
    [InlineData("{\"lines\": [{\"words\": []}]}", "lines[0] needs a non-empty words array")]
    [InlineData("{\"lines\": [{\"words\": [{\"word\": \"a\", \"startMs\": 0}]}]}", "lines[0].words[0] needs word, startMs and endMs")]
    [InlineData("{\"lines\": [{\"words\": [{\"word\": \"a\", \"startMs\": 0, \"endMs\": 500}, {\"word\": \"b\", \"startMs\": 400, \"endMs\": 900}]}]}", "overlapping")]
    [InlineData("{\"lines\": [{\"words\": [{\"word\": \" a\", \"startMs\": 0, \"endMs\": 500}]}]}", "not trimmed")]
    [InlineData("{\"lines\": [{\"words\": [{\"word\": \"a\", \"startMs\": 0, \"endMs\": 500, \"confidence\": 2}]}]}", "outside 0..1")]
    [InlineData("{\"lines\": [{\"words\": [{\"word\": \"a\", \"startMs\": 0, \"endMs\": 500}]}], \"language\": \"French\"}", "ISO 639-1")]
    [InlineData("{\"lines\": [{\"words\": [{\"word\": \"a\", \"startMs\": 0, \"endMs\": 500}]}], \"duration_ms\": 400}", "after the audio's end")]
    [InlineData("{\"lines\": [{\"words\": [{\"word\": \"a\", \"startMs\": \"zero\", \"endMs\": 500}]}]}", "expected an integer")]
    public async Task A_bad_correction_is_a_precise_400_and_stores_nothing(string body, string detail)
    {
        using var store = await CreateStoreAsync();
        await using var app = store.App();
        var client = app.CreateClient(apiKey: null);

        var response = await client.PutAsync("/timestamps/bad1/words", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.ExpectProblemAsync(400, detail);
        Assert.Equal(415, (int)(await client.PutAsync("/timestamps/bad1/words", new StringContent("{}", Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache"));
    }
}

/// <summary>The contract on the embedded SQLite file.</summary>
public sealed class SqlitePersistenceTests : PersistenceContractTests
{
    private protected override string LegacyTableSql =>
        """
        CREATE TABLE word_timestamps_cache (
            id INTEGER PRIMARY KEY AUTOINCREMENT, spotify_track_id VARCHAR(64) NOT NULL, youtube_video_id VARCHAR(32),
            words JSONB NOT NULL, lines JSONB NOT NULL, source VARCHAR(32) NOT NULL, language VARCHAR(8), model_version VARCHAR(64),
            confidence_avg FLOAT, word_count INTEGER, duration_ms INTEGER, artist_name VARCHAR(255), track_name VARCHAR(255),
            created_at TIMESTAMPTZ, expires_at TIMESTAMPTZ, alignment_engine_version VARCHAR(32));
        CREATE INDEX idx_word_timestamps_spotify ON word_timestamps_cache (spotify_track_id);
        """;

    private protected override Task<StoreFixture> CreateStoreAsync() => Task.FromResult<StoreFixture>(new SqliteStoreFixture());
}

/// <summary>The contract on a real PostgreSQL (the test server), Redis included as level 2.</summary>
[Collection(StoreServersCollection.Name)]
public sealed class PostgresPersistenceTests(StoreServers servers) : PersistenceContractTests
{
    private protected override string LegacyTableSql =>
        """
        CREATE TABLE word_timestamps_cache (
            id SERIAL PRIMARY KEY, spotify_track_id VARCHAR(64) NOT NULL, youtube_video_id VARCHAR(32),
            words JSONB NOT NULL, lines JSONB NOT NULL, source VARCHAR(32) NOT NULL, language VARCHAR(8), model_version VARCHAR(64),
            confidence_avg FLOAT, word_count INTEGER, duration_ms INTEGER, artist_name VARCHAR(255), track_name VARCHAR(255),
            created_at TIMESTAMPTZ DEFAULT now(), expires_at TIMESTAMPTZ, alignment_engine_version VARCHAR(32));
        CREATE INDEX idx_word_timestamps_spotify ON word_timestamps_cache (spotify_track_id);
        """;

    private protected override async Task<StoreFixture> CreateStoreAsync() =>
        await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url);
}

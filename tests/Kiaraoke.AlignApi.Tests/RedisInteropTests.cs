using System.Text.Json;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Tests.Support;
using StackExchange.Redis;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>
/// One Redis both services read (findings, check 2): under <c>word_ts:{spotify}:{yt|any}</c> a plain JSON string in the
/// shape of Kiaraoke's <c>to_dict()</c>. Kiaraoke's code does <c>json.loads(await client.get(key))</c> and reads the
/// dict's keys; ours must read what its <c>setex(key, 3600, json.dumps(data))</c> wrote.
/// </summary>
[Collection(StoreServersCollection.Name)]
public sealed class RedisInteropTests(StoreServers servers)
{
    /// <summary>The keys of Kiaraoke's <c>WordTimestampsCache.to_dict()</c>.</summary>
    private static readonly string[] ToDictKeys =
        ["spotify_track_id", "youtube_video_id", "words", "lines", "source", "language", "model_version", "confidence_avg", "word_count", "duration_ms", "created_at", "expires_at"];

    [Fact]
    public async Task Our_value_is_a_plain_json_string_kiaraoke_reads_with_json_loads()
    {
        using var store = await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url);
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        await using var app = store.App(engine);
        var client = app.CreateClient(apiKey: null);
        await (await client.PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(3_000), "rd1", "bonjour la mer\nsalut tout le monde", new Dictionary<string, string> { ["youtube_video_id"] = "v1" }))).ExpectAsync(200);
        await (await client.GetAsync("/timestamps/rd1?youtube_video_id=v1")).ExpectAsync(200);

        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{servers.Redis.Port}");
        var db = redis.GetDatabase();
        Assert.Equal(RedisType.String, await db.KeyTypeAsync("word_ts:rd1:v1"));
        var ttl = await db.KeyTimeToLiveAsync("word_ts:rd1:v1");
        Assert.InRange(ttl!.Value.TotalSeconds, 3_000, 3_600);

        // What Kiaraoke's get_from_redis does: GET, then json.loads; its router then reads these keys.
        using var value = JsonDocument.Parse((string)(await db.StringGetAsync("word_ts:rd1:v1"))!);
        var dict = value.RootElement;
        foreach (var key in ToDictKeys)
        {
            Assert.True(dict.TryGetProperty(key, out _), $"to_dict() key '{key}' is missing");
        }

        Assert.Equal("rd1", dict.Str("spotify_track_id"));
        Assert.Equal("kiaraoke_ctc", dict.Str("source"));
        Assert.Equal(7, dict.GetProperty("words").GetArrayLength());
        Assert.Equal("bonjour", dict.GetProperty("words")[0].Str("word"));
        Assert.Equal(JsonValueKind.Number, dict.GetProperty("words")[0].GetProperty("startMs").ValueKind);
        Assert.Equal(2, dict.GetProperty("lines").GetArrayLength());
        Assert.Equal(JsonValueKind.Number, dict.GetProperty("confidence_avg").ValueKind);
        Assert.True(DateTimeOffset.TryParse(dict.Str("created_at"), out _));
    }

    [Fact]
    public async Task We_read_the_string_kiaraokes_backend_writes_both_its_shapes()
    {
        using var store = await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url);
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        await using var app = store.App(engine);
        var client = app.CreateClient(apiKey: null);
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{servers.Redis.Port}");
        var db = redis.GetDatabase();

        // Byte for byte what Python's json.dumps(row.to_dict()) gives (", " and ": " separators, isoformat with offset).
        const string toDict = """{"spotify_track_id": "kr1", "youtube_video_id": "v1", "words": [{"word": "salut", "startMs": 120, "endMs": 480, "confidence": 0.91}], "lines": [{"startMs": 120, "endMs": 480, "text": "salut", "words": [{"word": "salut", "startMs": 120, "endMs": 480, "confidence": 0.91}]}], "source": "musixmatch_word", "language": "fr", "model_version": null, "confidence_avg": 0.91, "word_count": 1, "duration_ms": 480, "created_at": "2026-12-01T10:00:00.123456+00:00", "expires_at": "2027-12-01T10:00:00.123456+00:00"}""";
        await db.StringSetAsync("word_ts:kr1:v1", toDict, TimeSpan.FromSeconds(3_600));
        var found = await (await client.GetAsync("/timestamps/kr1?youtube_video_id=v1")).ExpectAsync(200);
        Assert.Equal("found", found.Str("status"));
        Assert.Equal("musixmatch_word", found.Str("source"));
        Assert.Equal("salut", found.GetProperty("words")[0].Str("word"));
        Assert.Equal(120, found.GetProperty("words")[0].GetProperty("startMs").GetInt32());

        // Its set() dict: cached_at (naive utcnow().isoformat()) instead of created_at, no expiry, confidence None.
        const string setDict = """{"spotify_track_id": "kr2", "youtube_video_id": null, "words": [{"word": "hey", "startMs": 10, "endMs": 90}], "lines": [{"startMs": 10, "endMs": 90, "text": "hey", "words": [{"word": "hey", "startMs": 10, "endMs": 90}]}], "source": "user_corrected", "language": "fr", "model_version": null, "confidence_avg": null, "word_count": 1, "cached_at": "2026-12-01T10:00:00.123456"}""";
        await db.StringSetAsync("word_ts:kr2:any", setDict, TimeSpan.FromSeconds(3_600));
        var corrected = await (await client.GetAsync("/timestamps/kr2")).ExpectAsync(200);
        Assert.Equal("found", corrected.Str("status"));
        Assert.Equal("user_corrected", corrected.Str("source"));
        Assert.Equal("hey", corrected.GetProperty("words")[0].Str("word"));

        // Nothing in PostgreSQL: both answers came from the strings Kiaraoke wrote, and its keys are left as strings.
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache"));
        Assert.Equal(RedisType.String, await db.KeyTypeAsync("word_ts:kr1:v1"));
        Assert.Equal(0, engine.Calls);
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.AlignApi.Telemetry;
using Kiaraoke.AlignApi.Tests.Support;
using Kiaraoke.Alignment.Timing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit.Abstractions;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>
/// Reliability defects of the store (reliability findings D1, D2, D3, D5, D6; issue 14 items 1, 4, 5), each reproduced
/// on the real PostgreSQL and Redis: the write-retry queue through an outage, a poison row, a restart with writes
/// queued, /regenerate with other lyrics during a computation, and corrections racing readers.
/// </summary>
[Collection(StoreServersCollection.Name)]
public sealed class WriteQueueAndCoherenceTests(StoreServers servers, ITestOutputHelper output)
{
    private static string LyricsOf(string track, int version) => $"bonjour {track}\nversion {version} du monde";

    private static MultipartFormDataContent Body(string track, int version) =>
        AlignRequests.Multipart(ToneVocals.Silent(2_000), track, LyricsOf(track, version), new Dictionary<string, string> { ["youtube_video_id"] = "v1" });

    private static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(50);
        }
    }

    /// <summary>The operations of the fault test: 50 results (5 tracks twice, newest last) and 5 deletes.</summary>
    private static async Task RunOperationsAsync(HttpClient client)
    {
        for (var i = 0; i < 40; i++)
        {
            await (await client.PostAsync("/regenerate", Body($"f{i}", 2))).ExpectAsync(200);
        }

        for (var i = 40; i < 45; i++)
        {
            await (await client.PostAsync("/regenerate", Body($"f{i}", 2))).ExpectAsync(200);
            await (await client.PostAsync("/regenerate", Body($"f{i}", 3))).ExpectAsync(200);
        }

        // Deletes: two of tracks written before the outage only, three of tracks just rewritten (the delete must win).
        foreach (var track in new[] { "f50", "f51", "f0", "f1", "f40" })
        {
            var response = await client.DeleteAsync($"/timestamps/{track}");
            Assert.True((int)response.StatusCode is 200 or 202, $"DELETE {track}: {(int)response.StatusCode}");
        }
    }

    private static async Task<List<string>> TableAsync(StoreFixture store)
    {
        await using var connection = store.Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT spotify_track_id || '|' || COALESCE(youtube_video_id, '') || '|' || source || '|' || words::text FROM word_timestamps_cache ORDER BY 1";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    [Fact]
    public async Task PostgreSQL_down_with_50_results_and_5_deletes_queued_ends_as_if_it_never_was_down()
    {
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        var settings = new Dictionary<string, string?> { ["Persistence:WriteRetryIntervalSeconds"] = "1", ["KARAOKE_MAX_CONCURRENT_ALIGNMENTS"] = "2" };

        // The reference: the same operations on a database that stays up.
        using var reference = await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url);
        await using (var app = reference.App(engine, settings: settings))
        {
            var client = app.CreateClient(apiKey: null);
            for (var i = 0; i < 52; i++)
            {
                await (await client.PostAsync("/align", Body($"f{i}", 1))).ExpectAsync(200);
            }

            await RunOperationsAsync(client);
        }

        using var store = await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url);
        await using var faulty = store.App(engine, settings: settings);
        var faultyClient = faulty.CreateClient(apiKey: null);
        var queue = faulty.Get<WriteRetryQueue>();
        for (var i = 0; i < 52; i++)
        {
            await (await faultyClient.PostAsync("/align", Body($"f{i}", 1))).ExpectAsync(200);
        }

        await store.ExecuteAsync("CHECKPOINT"); // the test server commits asynchronously and stops like a crash
        await servers.Postgres.StopAsync();
        TimeSpan drained;
        try
        {
            await RunOperationsAsync(faultyClient);
            Assert.Equal(47, queue.Pending); // 50 writes less 5 superseded by a newer one and 3 by a delete, plus 5 deletes
            var ready = await (await faultyClient.GetAsync("/health/ready")).ExpectAsync(200);
            Assert.Equal("Degraded", ready.GetProperty("checks").GetProperty("store").Str("status"));
        }
        finally
        {
            await servers.Postgres.StartAsync_();
        }

        var clock = Stopwatch.StartNew();
        await Eventually(() => Task.FromResult(queue.Pending == 0), "the queue drains once PostgreSQL is back", seconds: 60);
        drained = clock.Elapsed;
        output.WriteLine($"drained 47 queued operations in {drained.TotalSeconds:0.00} s after PostgreSQL came back");
        Assert.True(drained < TimeSpan.FromSeconds(10), $"drained in {drained.TotalSeconds:0.0} s");
        await Eventually(async () => (await (await faultyClient.GetAsync("/health/ready")).ReadAsync()).GetProperty("checks").GetProperty("store").Str("status") == "Healthy", "readiness is Healthy once drained");

        var expected = await TableAsync(reference);
        var actual = await TableAsync(store);
        Assert.Equal(47, expected.Count); // 52 tracks, 5 deleted
        Assert.Equal(expected, actual);
        Assert.All(Enumerable.Range(41, 4), i => Assert.Contains(actual, r => r.StartsWith($"f{i}|", StringComparison.Ordinal) && r.Contains("\"word\": \"3\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_row_the_database_refuses_for_good_is_dropped_counted_and_does_not_block_the_queue()
    {
        using var store = await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url);
        await using var app = store.App(new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc"), settings: new Dictionary<string, string?> { ["Persistence:WriteRetryIntervalSeconds"] = "0.5" });
        app.CreateClient(apiKey: null);
        var queue = app.Get<WriteRetryQueue>();
        using var retries = new MetricCollector<long>(app.Get<IMeterFactory>(), AlignMetrics.MeterName, "kiaraoke.store.write_retries");
        StoredTimestamps Entry(string track, string word) => new(new TrackKey(track, "v1"), "kiaraoke_ctc", "fr", "kiaraoke_ctc-fake", "v2-p1", 1, null,
            [new AlignedLine(0, 500, word, [new AlignedWord(word, 0, 500, 0.9)])], 0.9, 1, 500, null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));

        await store.ExecuteAsync("CHECKPOINT"); // the test server commits asynchronously and stops like a crash
        await servers.Postgres.StopAsync();
        try
        {
            await queue.SaveAsync(Entry("poison", "a\u0000b")); // PostgreSQL refuses U+0000 in JSONB (22P05)
            await queue.SaveAsync(Entry("fine", "ok"));
            Assert.Equal(2, queue.Pending);
        }
        finally
        {
            await servers.Postgres.StartAsync_();
        }

        await Eventually(() => Task.FromResult(queue.Pending == 0), "the queue drains past the poison row");
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id = 'fine'"));
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id = 'poison'"));
        Assert.Contains(retries.GetMeasurementSnapshot(), m => Equals(m.Tags["outcome"], "poison"));

        // With the database up, a poison row is refused at once and never queued.
        await queue.SaveAsync(Entry("poison2", "x\u0000y"));
        Assert.Equal(0, queue.Pending);
    }

    [Fact]
    public async Task Queued_writes_survive_a_restart_of_the_service()
    {
        using var store = await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url);
        using var data = new TempFolder();
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        var settings = new Dictionary<string, string?> { ["KIARAOKE_DATA_DIR"] = data.Path, ["Persistence:WriteRetryIntervalSeconds"] = "0.5" };
        await using (var migrate = store.App(engine, settings: settings))
        {
            migrate.CreateClient(apiKey: null);
        }

        await store.ExecuteAsync("CHECKPOINT");
        await servers.Postgres.StopAsync();
        try
        {
            await using var before = store.App(engine, settings: settings);
            var client = before.CreateClient(apiKey: null);
            await (await client.PostAsync("/align", Body("durable1", 1))).ExpectAsync(200);
            Assert.Equal(202, (int)(await client.DeleteAsync("/timestamps/durable0")).StatusCode);
            Assert.Equal(2, before.Get<WriteRetryQueue>().Pending);
        }
        finally
        {
            await servers.Postgres.StartAsync_();
        }

        Assert.Equal(2, Directory.GetFiles(Path.Combine(data.Path, "pending-writes"), "*.json").Length);
        await using var after = store.App(engine, settings: settings);
        after.CreateClient(apiKey: null);
        await Eventually(() => Task.FromResult(after.Get<WriteRetryQueue>().Pending == 0), "the restarted service delivers what the first one queued");
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id = 'durable1'"));
        Assert.Empty(Directory.GetFiles(Path.Combine(data.Path, "pending-writes"), "*.json"));
    }

    [Fact]
    public async Task Regenerate_with_other_lyrics_never_joins_the_computation_of_the_old_ones()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        engine.Behaviour = async (job, ct) =>
        {
            if (job.LyricsText.Contains("version 1", StringComparison.Ordinal))
            {
                await release.Task.WaitAsync(ct);
            }

            return FakeEngine.Spread(job, 0.9);
        };
        await using var app = new AlignApiApplication { Engines = [engine] };
        var client = app.CreateClient(apiKey: null);

        var first = client.PostAsync("/align", Body("sf1", 1));
        await engine.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var regenerated = await (await client.PostAsync("/regenerate", Body("sf1", 2))).ExpectAsync(200);
        Assert.Equal("version", regenerated.GetProperty("words")[2].Str("word"));
        Assert.Equal("2", regenerated.GetProperty("words")[3].Str("word"));
        release.SetResult();
        var old = await (await first).ExpectAsync(200);
        Assert.Equal("1", old.GetProperty("words")[3].Str("word"));
        Assert.Equal(2, engine.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Back_to_back_corrections_never_leave_the_older_one_cached(bool postgresAndRedis)
    {
        using var store = postgresAndRedis ? (StoreFixture)await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url) : new SqliteStoreFixture();
        await using var app = store.App(new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc"));
        var client = app.CreateClient(apiKey: null);
        static JsonContent Correction(int version) => JsonContent.Create(new { lines = new[] { new { words = new[] { new { word = $"v{version}", startMs = 100, endMs = 500 } } } } });

        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var reader = app.CreateClient(apiKey: null);
            while (!stop.IsCancellationRequested)
            {
                await reader.GetAsync("/timestamps/race1");
            }
        })).ToArray();

        var stale = 0;
        for (var n = 0; n < 60; n += 2)
        {
            await (await client.PutAsync("/timestamps/race1/words", Correction(n))).ExpectAsync(200);
            await (await client.PutAsync("/timestamps/race1/words", Correction(n + 1))).ExpectAsync(200);
            await Task.Delay(20); // let readers that raced the second PUT finish their fill
            var word = (await (await client.GetAsync("/timestamps/race1")).ExpectAsync(200)).GetProperty("words")[0].Str("word");
            stale += word == $"v{n + 1}" ? 0 : 1;
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(0, stale);
    }
}

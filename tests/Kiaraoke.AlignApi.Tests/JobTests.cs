using System.Net.Http.Json;
using System.Text.Json;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.AlignApi.Tests.Support;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>
/// The asynchronous routes in Kiaraoke's polling shape, run by Hangfire: on the embedded SQLite storage (a job survives
/// a restart and runs once), and on the test PostgreSQL where replicas share the queue, directly and through a real
/// PgBouncer in transaction pooling.
/// </summary>
[Collection(StoreServersCollection.Name)]
public sealed class JobTests(StoreServers servers)
{
    private const string Lyrics = "bonjour la mer\nsalut tout le monde";

    private static readonly string[] PollFields = ["task_id", "status", "ready", "successful", "result", "error"];

    /// <summary>A vocals root with Kiaraoke's worker layout: cache/{video}/vocals.wav.</summary>
    private static TempFolder VocalsRoot(params string[] videos)
    {
        var root = new TempFolder();
        foreach (var video in videos)
        {
            Directory.CreateDirectory(Path.Combine(root.Path, "cache", video));
            File.WriteAllBytes(Path.Combine(root.Path, "cache", video, "vocals.wav"), ToneVocals.Silent(3_000));
        }

        return root;
    }

    /// <summary>Kiaraoke's GenerateRequest, plus the lyrics (its back end has them; our generate takes them as /align does).</summary>
    private static JsonContent Generate(string track, string video, bool force = false) => JsonContent.Create(new Dictionary<string, object?>
    {
        ["spotify_track_id"] = track,
        ["youtube_video_id"] = video,
        ["artist_name"] = "Artiste",
        ["track_name"] = "Titre",
        ["language"] = "fr",
        ["force_regenerate"] = force,
        ["lyrics_text"] = Lyrics,
    });

    private static async Task<string> QueueAsync(HttpClient client, string track, string video, bool force = false)
    {
        var queued = await (await client.PostAsync("/jobs/word-timestamps/generate", Generate(track, video, force))).ExpectAsync(200);
        Assert.Equal(["message", "status", "task_id"], queued.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("queued", queued.Str("status"));
        Assert.Equal("Word timestamp generation queued", queued.Str("message"));
        return queued.Str("task_id");
    }

    /// <summary>
    /// Polls like Kiaraoke's front end (every 3 s there; faster here) until ready; returns every status seen. The deadline
    /// is generous: Hangfire's workers on a 2-core machine loaded by training or benches have taken over a minute.
    /// </summary>
    private static async Task<(JsonElement Final, List<string> Seen)> PollAsync(HttpClient client, string taskId, int seconds = 180)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var poll = await (await client.GetAsync($"/jobs/word-timestamps/task/{taskId}")).ExpectAsync(200);
            Assert.Equal(PollFields.Order(StringComparer.Ordinal), poll.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(taskId, poll.Str("task_id"));
            var status = poll.Str("status");
            Assert.Contains(status, new[] { "PENDING", "STARTED", "PROGRESS", "SUCCESS", "FAILURE" });
            if (seen.Count == 0 || seen[^1] != status)
            {
                seen.Add(status);
            }

            if (poll.GetProperty("ready").GetBoolean())
            {
                return (poll, seen);
            }

            Assert.Equal(JsonValueKind.Null, poll.GetProperty("successful").ValueKind);
            Assert.Equal(JsonValueKind.Null, poll.GetProperty("result").ValueKind);
            Assert.True(DateTime.UtcNow < deadline, $"task {taskId} still {status} after {seconds} s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Generate_and_poll_answer_in_kiaraokes_exact_shapes_then_cached()
    {
        using var vocals = VocalsRoot("jv1");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        engine.Behaviour = async (job, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return FakeEngine.Spread(job, 0.9);
        };
        await using var app = new AlignApiApplication { Engines = [engine] };
        app.Settings["KARAOKE_VOCALS_ROOT"] = vocals.Path;
        app.Settings["KARAOKE_API_KEYS"] = AlignApiApplication.ApiKey;
        app.Settings["Jobs:PollIntervalSeconds"] = "0.2";
        var client = app.CreateClient(AlignApiApplication.ApiKey);

        var taskId = await QueueAsync(client, "job1", "jv1");
        await engine.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var running = await (await client.GetAsync($"/jobs/word-timestamps/task/{taskId}")).ExpectAsync(200);
        Assert.Equal("PROGRESS", running.Str("status"));
        Assert.False(running.GetProperty("ready").GetBoolean());
        gate.SetResult();

        var (final, seen) = await PollAsync(client, taskId);
        Assert.Equal("SUCCESS", final.Str("status"));
        Assert.True(final.GetProperty("successful").GetBoolean());
        Assert.Equal(JsonValueKind.Null, final.GetProperty("error").ValueKind);
        var result = final.GetProperty("result");
        Assert.Equal("WORD_SYNCED", result.Str("syncType"));
        Assert.Equal("found", result.Str("status"));
        Assert.Equal(7, result.GetProperty("words").GetArrayLength());
        Assert.Equal(2, result.GetProperty("lines").GetArrayLength());
        Assert.Equal("SUCCESS", seen[^1]);

        // The row is where Kiaraoke's GET looks, and a second generate says cached (Kiaraoke's message), no task.
        Assert.Equal("found", (await (await client.GetAsync("/timestamps/job1?youtube_video_id=jv1")).ExpectAsync(200)).Str("status"));
        var cached = await (await client.PostAsync("/jobs/word-timestamps/generate", Generate("job1", "jv1"))).ExpectAsync(200);
        Assert.Equal("cached", cached.Str("status"));
        Assert.Equal(JsonValueKind.Null, cached.GetProperty("task_id").ValueKind);
        Assert.Equal(1, engine.Calls);

        // Bad input fails before queueing (ProblemDetails), and an unknown task is a 404, not an endless PENDING.
        await (await client.PostAsync("/jobs/word-timestamps/generate", Generate("job2", "nosuchvideo"))).ExpectProblemAsync(400, "vocalsPath");
        await (await client.GetAsync("/jobs/word-timestamps/task/999999")).ExpectProblemAsync(404, "999999");
        await (await app.CreateClient(apiKey: null).GetAsync($"/jobs/word-timestamps/task/{taskId}")).ExpectAsync(401);
    }

    [Fact]
    public async Task A_job_that_fails_for_bad_input_reports_failure_with_the_reason_and_is_not_retried()
    {
        using var vocals = VocalsRoot("bad1");
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        await using var app = new AlignApiApplication { Engines = [engine] };
        app.Settings["KARAOKE_VOCALS_ROOT"] = vocals.Path;
        app.Settings["Jobs:PollIntervalSeconds"] = "0.2";
        var client = app.CreateClient(AlignApiApplication.ApiKey);

        // Not audio: the decoder refuses it when the job runs.
        File.WriteAllText(Path.Combine(vocals.Path, "cache", "bad1", "vocals.wav"), "this is not a wav file");
        var taskId = await QueueAsync(client, "jobbad", "bad1");
        var (final, _) = await PollAsync(client, taskId);
        Assert.Equal("FAILURE", final.Str("status"));
        Assert.False(final.GetProperty("successful").GetBoolean());
        Assert.Equal(JsonValueKind.Null, final.GetProperty("result").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(final.Str("error")));
        Assert.Equal(0, engine.Calls);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_job_then_succeeds()
    {
        using var vocals = VocalsRoot("tr1");
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        var failures = 0;
        engine.Behaviour = (job, _) => Interlocked.Increment(ref failures) == 1
            ? throw new TimeoutException("the acoustic model did not answer")
            : Task.FromResult(FakeEngine.Spread(job, 0.9));
        await using var app = new AlignApiApplication { Engines = [engine] };
        app.Settings["KARAOKE_VOCALS_ROOT"] = vocals.Path;
        app.Settings["Jobs:PollIntervalSeconds"] = "0.2";
        var client = app.CreateClient(apiKey: null);

        var taskId = await QueueAsync(client, "transient1", "tr1");
        var (final, _) = await PollAsync(client, taskId);
        Assert.Equal("SUCCESS", final.Str("status"));
        Assert.Equal(2, engine.Calls);
    }

    [Fact]
    public async Task A_full_job_queue_refuses_with_429_and_a_clear_detail()
    {
        using var vocals = VocalsRoot("full1", "full2");
        await using var app = new AlignApiApplication { Engines = [new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc")] };
        app.Settings["KARAOKE_VOCALS_ROOT"] = vocals.Path;
        app.Settings["Jobs:RunWorkers"] = "false"; // nothing takes jobs off the queue
        app.Settings["Jobs:QueueLimit"] = "1";
        var client = app.CreateClient(apiKey: null);

        await QueueAsync(client, "full1", "full1");
        var refused = await client.PostAsync("/jobs/word-timestamps/generate", Generate("full2", "full2"));
        await refused.ExpectProblemAsync(429, "the limit is 1");
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_dashboard_needs_the_key()
    {
        await using var app = new AlignApiApplication();
        app.Settings["KARAOKE_API_KEYS"] = AlignApiApplication.ApiKey;
        Assert.Equal(401, (int)(await app.CreateClient(apiKey: null).GetAsync("/jobs/dashboard")).StatusCode);
        Assert.Equal(401, (int)(await app.CreateClient("wrong-key").GetAsync("/jobs/dashboard")).StatusCode);
        Assert.Equal(200, (int)(await app.CreateClient(AlignApiApplication.ApiKey).GetAsync("/jobs/dashboard")).StatusCode);
    }

    [Fact]
    public async Task A_queued_job_survives_a_restart_and_runs_once()
    {
        using var vocals = VocalsRoot("rs1");
        using var data = new TempFolder();
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        var settings = new Dictionary<string, string?>
        {
            ["KARAOKE_VOCALS_ROOT"] = vocals.Path,
            ["KIARAOKE_DATA_DIR"] = data.Path,
            ["Jobs:PollIntervalSeconds"] = "0.2",
        };
        string taskId;
        await using (var before = new AlignApiApplication { Engines = [engine] })
        {
            foreach (var (k, v) in settings)
            {
                before.Settings[k] = v;
            }

            // This instance takes the job and stops before any worker of its own runs it.
            before.Settings["Jobs:RunWorkers"] = "false";
            taskId = await QueueAsync(before.CreateClient(AlignApiApplication.ApiKey), "restart1", "rs1");
            Assert.Equal("PENDING", (await (await before.CreateClient(AlignApiApplication.ApiKey).GetAsync($"/jobs/word-timestamps/task/{taskId}")).ExpectAsync(200)).Str("status"));
        }

        await using var after = new AlignApiApplication { Engines = [engine] };
        foreach (var (k, v) in settings)
        {
            after.Settings[k] = v;
        }

        var (final, _) = await PollAsync(after.CreateClient(AlignApiApplication.ApiKey), taskId);
        Assert.Equal("SUCCESS", final.Str("status"));
        await Task.Delay(1_000);
        Assert.Equal(1, engine.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_replicas_share_the_job_queue_and_compute_each_track_once(bool throughPgBouncer)
    {
        using var vocals = VocalsRoot("t0", "t1", "t2", "t3", "t4", "t5");
        await using var bouncer = throughPgBouncer ? await PgBouncerServer.StartAsync(servers.Postgres.Port) : null;
        using var store = await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url);
        var url = bouncer?.Url(store.Database) ?? servers.Postgres.Url(store.Database);
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        engine.Behaviour = async (job, ct) =>
        {
            await Task.Delay(400, ct);
            return FakeEngine.Spread(job, 0.9);
        };
        var settings = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = url,
            ["KARAOKE_VOCALS_ROOT"] = vocals.Path,
            ["Jobs:PollIntervalSeconds"] = "0.2",
            ["Jobs:WorkerCount"] = "4",
        };
        await using var a = store.App(engine, settings: settings);
        await using var b = store.App(engine, settings: settings);
        var clients = new[] { a.CreateClient(apiKey: null), b.CreateClient(apiKey: null) };

        // Every track asked twice, once on each replica, all at once.
        // (Redis is shared by every test: the tracks of each case have their own names.)
        var prefix = throughPgBouncer ? "repb" : "rep";
        var tasks = await Task.WhenAll(Enumerable.Range(0, 6).SelectMany(i => clients.Select(c => QueueAsync(c, $"{prefix}{i}", $"t{i}"))));
        foreach (var task in tasks)
        {
            var (final, _) = await PollAsync(clients[0], task);
            Assert.Equal("SUCCESS", final.Str("status"));
        }

        Assert.Equal(6, engine.Calls);
        Assert.Equal(6, await store.ScalarAsync($"SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id LIKE '{prefix}%'"));
    }

    [Fact]
    public async Task Two_replicas_behind_pgbouncer_in_transaction_mode_compute_each_track_once_on_align()
    {
        await using var bouncer = await PgBouncerServer.StartAsync(servers.Postgres.Port);
        using var store = await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url);
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        engine.Behaviour = async (job, ct) =>
        {
            await Task.Delay(500, ct);
            return FakeEngine.Spread(job, 0.9);
        };
        var settings = new Dictionary<string, string?> { ["DATABASE_URL"] = bouncer.Url(store.Database), ["KARAOKE_MAX_CONCURRENT_ALIGNMENTS"] = "6", ["KARAOKE_ALIGN_QUEUE_LIMIT"] = "20" };
        await using var a = store.App(engine, settings: settings);
        await using var b = store.App(engine, settings: settings);
        var clients = new[] { a.CreateClient(apiKey: null), b.CreateClient(apiKey: null) };

        var requests = Enumerable.Range(0, 6).SelectMany(i => clients.Select(c => c.PostAsync("/align",
            AlignRequests.Multipart(ToneVocals.Silent(3_000), $"pgb{i}", Lyrics, new Dictionary<string, string> { ["youtube_video_id"] = "v1" }))));
        foreach (var response in await Task.WhenAll(requests))
        {
            await response.ExpectAsync(200);
        }

        // A session advisory lock through transaction pooling gave 12 computations for 6 tracks (findings, item 5).
        Assert.Equal(6, engine.Calls);
        Assert.Equal(6, await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id LIKE 'pgb%'"));
    }

    [Fact]
    public async Task Catalogue_realignment_redoes_fifty_stale_rows_and_leaves_corrections_untouched()
    {
        var videos = Enumerable.Range(0, 50).Select(i => $"rv{i}").ToArray();
        using var vocals = VocalsRoot(videos);
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        await using var app = new AlignApiApplication { Engines = [engine] };
        app.Settings["KARAOKE_VOCALS_ROOT"] = vocals.Path;
        app.Settings["Jobs:PollIntervalSeconds"] = "0.2";
        app.Settings["Jobs:RealignRowsPerMinute"] = "10000";
        var client = app.CreateClient(AlignApiApplication.ApiKey);
        var sql = app.Get<SqlWordTimestampStore>();
        var now = DateTimeOffset.UtcNow;
        Kiaraoke.Alignment.Timing.AlignedLine Line(string text) =>
            new(100, 900, text, [.. text.Split(' ').Select((w, i) => new Kiaraoke.Alignment.Timing.AlignedWord(w, 100 + (i * 200), 250 + (i * 200), 0.5))]);
        foreach (var video in videos)
        {
            // Made by an older engine version: stale.
            await sql.PutAsync(new StoredTimestamps(new TrackKey("realign", video), "kiaraoke_ctc", "fr", engine.ModelVersion, "v1-old", 1, null,
                [Line("bonjour la mer"), Line("salut tout le monde")], 0.5, 7, 900, null, null, now.AddDays(-1), now.AddDays(60)), CancellationToken.None);
        }

        for (var i = 0; i < 5; i++)
        {
            await sql.PutAsync(new StoredTimestamps(new TrackKey($"corrected{i}", "rv0"), TimestampSources.UserCorrected, "fr", "user", "v1-old", 0, null,
                [Line("une correction")], 1, 2, 900, null, null, now.AddDays(-1), null), CancellationToken.None);
        }

        var before = await RowsAsync(app, "SELECT spotify_track_id || words FROM word_timestamps_cache WHERE source = 'user_corrected' ORDER BY 1");

        var started = await (await client.PostAsync("/admin/realign", null)).ExpectAsync(200);
        Assert.Equal("queued", started.Str("status"));
        var (final, _) = await PollAsync(client, started.Str("task_id"));
        Assert.Equal("SUCCESS", final.Str("status"));
        var counts = final.GetProperty("result");
        Assert.Equal(50, counts.GetProperty("total").GetInt32());
        Assert.Equal(50, counts.GetProperty("realigned").GetInt32());
        Assert.Equal(0, counts.GetProperty("failed").GetInt32());
        var progress = await (await client.GetAsync($"/admin/realign/{started.Str("task_id")}")).ExpectAsync(200);
        Assert.Equal(50, progress.GetProperty("result").GetProperty("done").GetInt32());

        Assert.Equal(50, engine.Calls);
        Assert.Equal(["50"], await RowsAsync(app, "SELECT COUNT(*) FROM word_timestamps_cache WHERE spotify_track_id = 'realign' AND alignment_engine_version = 'v2-p1'"));
        Assert.Equal(before, await RowsAsync(app, "SELECT spotify_track_id || words FROM word_timestamps_cache WHERE source = 'user_corrected' ORDER BY 1"));
    }

    private static async Task<List<string>> RowsAsync(AlignApiApplication app, string query)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "kiaraoke.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = query;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return rows;
    }
}

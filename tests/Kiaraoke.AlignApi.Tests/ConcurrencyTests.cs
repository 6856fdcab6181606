using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Tests.Support;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>Inference slots with a bounded queue (429), single flight per track, and cancellation on disconnect.</summary>
public sealed class ConcurrencyTests
{
    private const string Lyrics = "bonjour la mer\nsalut tout le monde";

    private static (FakeEngine Engine, TaskCompletionSource Release) Blocking()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        engine.Behaviour = async (job, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return FakeEngine.Spread(job, 0.9);
        };
        return (engine, release);
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), what);
    }

    [Fact]
    public async Task Beyond_the_slots_and_the_queue_requests_get_429_with_retry_after()
    {
        var (engine, release) = Blocking();
        await using var app = new AlignApiApplication
        {
            Engines = [engine],
            Settings = { ["KARAOKE_MAX_CONCURRENT_ALIGNMENTS"] = "1", ["KARAOKE_ALIGN_QUEUE_LIMIT"] = "1", ["KARAOKE_RETRY_AFTER_SECONDS"] = "7" },
        };
        var client = app.CreateClient(apiKey: null);
        var audio = ToneVocals.Silent(2_000);

        var running = client.PostAsync("/align", AlignRequests.Multipart(audio, "busy1", Lyrics));
        await engine.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var queued = client.PostAsync("/align", AlignRequests.Multipart(audio, "busy2", Lyrics));
        var limiter = app.Get<InferenceLimiter>();
        await Eventually(() => limiter.Statistics?.CurrentQueuedCount == 1, "the second request should wait in the queue");

        var refused = await client.PostAsync("/align", AlignRequests.Multipart(audio, "busy3", Lyrics));
        await refused.ExpectProblemAsync(429, "retry later");
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);

        release.SetResult();
        await (await running).ExpectAsync(200);
        await (await queued).ExpectAsync(200);
        Assert.Equal(2, engine.Calls);
    }

    [Fact]
    public async Task Two_concurrent_requests_for_one_track_share_one_computation()
    {
        var (engine, release) = Blocking();
        await using var app = new AlignApiApplication { Engines = [engine] };
        var client = app.CreateClient(apiKey: null);
        var audio = ToneVocals.Silent(2_000);
        var coordinator = app.Get<AlignmentCoordinator>();

        var first = client.PostAsync("/align", AlignRequests.Multipart(audio, "same", Lyrics, new Dictionary<string, string> { ["youtube_video_id"] = "v1" }));
        await engine.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = client.PostAsync("/align", AlignRequests.Multipart(audio, "same", Lyrics, new Dictionary<string, string> { ["youtube_video_id"] = "v1" }));
        await Eventually(() => coordinator.Flights.Waiters("same:v1") == 2, "the second request should join the running computation");

        release.SetResult();
        var a = await (await first).ExpectAsync(200);
        var b = await (await second).ExpectAsync(200);

        Assert.Equal(1, engine.Calls);
        Assert.Equal(a.Str("cachedAt"), b.Str("cachedAt"));
    }

    [Fact]
    public async Task A_client_that_disconnects_cancels_the_work_nobody_else_awaits()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        engine.Behaviour = async (_, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
                throw;
            }

            throw new InvalidOperationException("unreachable");
        };
        var tier2 = new FakeEngine(AlignmentTier.SharedWhisper, "shared_whisper");
        await using var app = new AlignApiApplication { Engines = [engine, tier2] };
        var client = app.CreateClient(apiKey: null);
        using var disconnect = new CancellationTokenSource();

        var request = client.PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(2_000), "gone", Lyrics), disconnect.Token);
        await engine.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await disconnect.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, tier2.Calls);

        // Nothing was cached, and the next request for the track starts afresh.
        Assert.Equal("not_found", (await (await client.GetAsync("/timestamps/gone")).ExpectAsync(200)).Str("status"));
    }

    [Fact]
    public async Task One_waiter_leaving_does_not_cancel_the_computation_another_awaits()
    {
        var (engine, release) = Blocking();
        await using var app = new AlignApiApplication { Engines = [engine] };
        var client = app.CreateClient(apiKey: null);
        var coordinator = app.Get<AlignmentCoordinator>();
        using var leaver = new CancellationTokenSource();

        var leaving = client.PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(2_000), "shared", Lyrics), leaver.Token);
        await engine.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var staying = client.PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(2_000), "shared", Lyrics));
        await Eventually(() => coordinator.Flights.Waiters("shared:any") == 2, "both requests should wait on one flight");
        await leaver.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        await Eventually(() => coordinator.Flights.Waiters("shared:any") == 1, "the leaver should be gone");

        release.SetResult();
        await (await staying).ExpectAsync(200);
        Assert.Equal(1, engine.Calls);
    }
}

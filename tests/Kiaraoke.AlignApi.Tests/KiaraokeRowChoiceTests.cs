using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.AlignApi.Tests.Support;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>
/// The shared table read like Kiaraoke's back end reads it (exact video, then source priority, then newest), every case
/// of the interoperability findings (item 2, 3, 4, 9): a stale row never hides a valid one nor makes /align recompute
/// forever, a worker row is served, corrections with and without a video, a degraded result never replaces a better
/// row, and a model_version over 50 characters still matches its stored rows.
/// </summary>
public sealed class KiaraokeRowChoiceTests
{
    private const string Lyrics = "bonjour la mer\nsalut tout le monde";

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static StoredTimestamps Row(string track, string? video, string source, string engineVersion = "v2-p1", string model = "kiaraoke_ctc-fake", int tier = 1, double confidence = 0.9, string word = "mot", string? fallback = null, int ageMinutes = 10) =>
        new(new TrackKey(track, video), source, "fr", model, engineVersion, tier, fallback,
            [new AlignedLine(100, 900, word, [new AlignedWord(word, 100, 900, confidence)])], confidence, 1, 900, null, null,
            Now.AddMinutes(-ageMinutes), source == TimestampSources.UserCorrected ? null : Now.AddDays(60));

    private static MultipartFormDataContent Align(string track, string? video)
    {
        var fields = new Dictionary<string, string>();
        if (video is not null)
        {
            fields["youtube_video_id"] = video;
        }

        return AlignRequests.Multipart(ToneVocals.Silent(3_000), track, Lyrics, fields);
    }

    private static async Task<string> FirstWordAsync(HttpClient client, string path)
    {
        var body = await (await client.GetAsync(path)).ExpectAsync(200);
        return body.Str("status") == "found" ? body.GetProperty("words")[0].Str("word") : "not_found";
    }

    [Fact]
    public async Task A_stale_exact_video_row_does_not_hide_a_valid_musixmatch_row_and_align_does_not_recompute()
    {
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        await using var app = new AlignApiApplication { Engines = [engine] };
        var sql = app.Get<SqlWordTimestampStore>();
        await sql.PutAsync(Row("st1", "v1", "kiaraoke_ctc", engineVersion: "v0-old", word: "stale"), CancellationToken.None);
        await sql.PutAsync(Row("st1", null, TimestampSources.MusixmatchWord, tier: 0, word: "musixmatch"), CancellationToken.None);
        var client = app.CreateClient(apiKey: null);

        Assert.Equal("musixmatch", await FirstWordAsync(client, "/timestamps/st1?youtube_video_id=v1"));
        Assert.Equal("musixmatch", await FirstWordAsync(client, "/timestamps/st1"));
        for (var i = 0; i < 2; i++)
        {
            var align = await client.PostAsync("/align", Align("st1", "v1"));
            await align.ExpectAsync(200);
            Assert.Equal("hit", align.Headers.GetValues("X-Cache").Single());
        }

        Assert.Equal(0, engine.Calls);
    }

    [Fact]
    public async Task The_exact_video_comes_first_as_in_kiaraoke_and_our_row_does_not_hide_a_worker_row()
    {
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        await using var app = new AlignApiApplication { Engines = [engine] };
        var sql = app.Get<SqlWordTimestampStore>();
        // Findings item 2: our video-less row next to a worker row of video X.
        await sql.PutAsync(Row("wk1", null, "kiaraoke_ctc", word: "ours"), CancellationToken.None);
        await sql.PutAsync(Row("wk1", "X", "torchaudio_ctc", engineVersion: "v2-p0", model: "torchaudio-mms-fa", tier: 0, confidence: 0.748, word: "worker"), CancellationToken.None);
        var client = app.CreateClient(apiKey: null);

        Assert.Equal("worker", await FirstWordAsync(client, "/timestamps/wk1?youtube_video_id=X"));
        Assert.Equal("ours", await FirstWordAsync(client, "/timestamps/wk1"));

        // A gate-passing worker row is served by /align too (no recomputation), as Kiaraoke's back end serves it.
        var align = await client.PostAsync("/align", Align("wk1", "X"));
        Assert.Equal("worker", (await align.ExpectAsync(200)).GetProperty("words")[0].Str("word"));
        Assert.Equal("hit", align.Headers.GetValues("X-Cache").Single());
        Assert.Equal(0, engine.Calls);

        // One under the gate is recomputed once, then our row (exact video) is served.
        await sql.PutAsync(Row("wk2", "X", "torchaudio_ctc", engineVersion: "v2-p0", model: "torchaudio-mms-fa", tier: 0, confidence: 0.2, word: "weak"), CancellationToken.None);
        Assert.Equal("miss", (await client.PostAsync("/align", Align("wk2", "X"))).Headers.GetValues("X-Cache").Single());
        Assert.Equal("hit", (await client.PostAsync("/align", Align("wk2", "X"))).Headers.GetValues("X-Cache").Single());
        Assert.Equal(1, engine.Calls);
    }

    [Fact]
    public async Task A_correction_with_a_video_is_stored_for_that_video_and_one_without_is_video_independent()
    {
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc");
        await using var app = new AlignApiApplication { Engines = [engine] };
        var client = app.CreateClient(apiKey: null);
        await (await client.PostAsync("/align", Align("cor1", "v1"))).ExpectAsync(200);
        var correction = System.Net.Http.Json.JsonContent.Create(new { lines = new[] { new { words = new[] { new { word = "corrigé", startMs = 100, endMs = 500 } } } } });

        await (await client.PutAsync("/timestamps/cor1/words?youtube_video_id=v1", correction)).ExpectAsync(200);
        Assert.Equal("corrigé", await FirstWordAsync(client, "/timestamps/cor1?youtube_video_id=v1"));
        var stored = await app.Get<SqlWordTimestampStore>().GetOrderedAsync(new TrackKey("cor1", "v1"), CancellationToken.None);
        Assert.Equal(new TrackKey("cor1", "v1"), stored.Single().Key);
        Assert.Equal(TimestampSources.UserCorrected, stored.Single().Source);

        // Without a video: the video-independent row. A row of a given video still comes first for that video, in both
        // services (Kiaraoke's rule); correcting every video means a PUT per video (or DELETE of those rows first).
        await (await client.PostAsync("/align", Align("cor2", "v1"))).ExpectAsync(200);
        await (await client.PutAsync("/timestamps/cor2/words", correction)).ExpectAsync(200);
        Assert.Equal("corrigé", await FirstWordAsync(client, "/timestamps/cor2"));
        Assert.Equal("bonjour", await FirstWordAsync(client, "/timestamps/cor2?youtube_video_id=v1"));
        Assert.Equal("corrigé", await FirstWordAsync(client, "/timestamps/cor2?youtube_video_id=v2"));
    }

    [Fact]
    public async Task A_degraded_result_never_replaces_a_better_row_and_is_kept_one_day()
    {
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc", confidence: 0.1);
        await using var app = new AlignApiApplication { Engines = [engine] };
        var sql = app.Get<SqlWordTimestampStore>();
        await sql.PutAsync(Row("dg1", "v1", "torchaudio_ctc", engineVersion: "v2-p0", model: "torchaudio-mms-fa", tier: 0, confidence: 0.748, word: "worker"), CancellationToken.None);
        var client = app.CreateClient(apiKey: null);

        var regenerated = await (await client.PostAsync("/regenerate", Align("dg1", "v1"))).ExpectAsync(200);
        Assert.Contains("delivered degraded", regenerated.Str("fallback_reason"));
        Assert.Equal("worker", await FirstWordAsync(client, "/timestamps/dg1?youtube_video_id=v1"));
        Assert.Equal("torchaudio_ctc", (await sql.GetOrderedAsync(new TrackKey("dg1", "v1"), CancellationToken.None)).Single().Source);

        // With nothing better there, the degraded result is stored for KARAOKE_DEGRADED_TTL_DAYS (1 day), not 90.
        await (await client.PostAsync("/align", Align("dg2", "v1"))).ExpectAsync(200);
        var row = (await sql.GetOrderedAsync(new TrackKey("dg2", "v1"), CancellationToken.None)).Single();
        Assert.True(row.IsDegraded);
        Assert.InRange((row.ExpiresAt!.Value - row.CreatedAt).TotalHours, 23.9, 24.1);
    }

    [Fact]
    public async Task A_model_version_longer_than_fifty_characters_matches_its_clipped_row()
    {
        var engine = new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc") { ModelVersion = "kiaraoke-ctc-v2-finetuned-french-singing-2026-12-01-int8@63d4f852638e" };
        Assert.True(engine.ModelVersion.Length > 50);
        await using var app = new AlignApiApplication { Engines = [engine] };
        var client = app.CreateClient(apiKey: null);

        Assert.Equal("miss", (await client.PostAsync("/align", Align("long1", "v1"))).Headers.GetValues("X-Cache").Single());
        var stored = (await app.Get<SqlWordTimestampStore>().GetOrderedAsync(new TrackKey("long1", "v1"), CancellationToken.None)).Single();
        Assert.Equal(50, stored.ModelVersion.Length);
        Assert.Equal("hit", (await client.PostAsync("/align", Align("long1", "v1"))).Headers.GetValues("X-Cache").Single());
        Assert.Equal("bonjour", await FirstWordAsync(client, "/timestamps/long1?youtube_video_id=v1"));
        Assert.Equal(1, engine.Calls);
    }
}

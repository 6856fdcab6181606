using System.Diagnostics.Metrics;
using System.Net;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Telemetry;
using Kiaraoke.AlignApi.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>The main path on the real tone ONNX model: Tier 1 aligns synthesised vocals to known word times.</summary>
public sealed class AlignEndpointTests
{
    private static readonly string[] Lines = ["bonjour la mer", "salut tout le monde"];

    [Fact]
    public async Task Multipart_upload_is_aligned_by_tier1_within_a_frame_or_two_of_the_truth()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        var song = ToneVocals.Sing(Lines);

        var response = await client.PostAsync("/align", AlignRequests.Multipart(song.Wav, "track1", string.Join('\n', Lines), new Dictionary<string, string> { ["youtube_video_id"] = "yt1" }));
        var body = await response.ExpectAsync(200);

        Assert.Equal("miss", response.Headers.GetValues("X-Cache").Single());
        Assert.Equal("WORD_SYNCED", body.Str("syncType"));
        Assert.Equal("found", body.Str("status"));
        Assert.Equal("kiaraoke_ctc", body.Str("source"));
        Assert.Equal("fr", body.Str("language"));
        Assert.Equal("ctc", body.GetProperty("tier_used").GetString());
        Assert.StartsWith("tone-ctc@", body.Str("model_version"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("fallback_reason").ValueKind);
        Assert.Equal(7, body.GetProperty("quality").GetProperty("word_count").GetInt32());
        Assert.InRange(body.GetProperty("quality").GetProperty("confidence").GetDouble(), 0.45, 1.0);
        Assert.True(DateTimeOffset.TryParse(body.Str("cachedAt"), out _));

        var lines = body.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(Lines, lines.Select(l => l.Str("text")));
        var words = body.GetProperty("words").EnumerateArray().ToList();
        Assert.Equal(song.Words.Select(w => w.Word), words.Select(w => w.Str("word")));
        for (var i = 0; i < words.Count; i++)
        {
            // The tone model is exact; the default padding may widen a word by up to 200 ms into the silence around it.
            Assert.InRange(words[i].GetProperty("startMs").GetInt32(), song.Words[i].StartMs - 220, song.Words[i].StartMs + 40);
            Assert.InRange(words[i].GetProperty("endMs").GetInt32(), song.Words[i].EndMs - 40, song.Words[i].EndMs + 220);
        }
    }

    [Fact]
    public async Task A_valid_cached_entry_is_served_without_recomputing_and_force_regenerate_recomputes()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        using var computations = new MetricCollector<long>(app.Get<IMeterFactory>(), AlignMetrics.MeterName, "kiaraoke.align.computations");
        var song = ToneVocals.Sing(Lines);
        var lyrics = string.Join('\n', Lines);

        var first = await (await client.PostAsync("/align", AlignRequests.Multipart(song.Wav, "track2", lyrics))).ExpectAsync(200);
        var second = await client.PostAsync("/align", AlignRequests.Multipart(song.Wav, "track2", lyrics));
        var secondBody = await second.ExpectAsync(200);

        Assert.Equal("hit", second.Headers.GetValues("X-Cache").Single());
        Assert.Equal(first.Str("cachedAt"), secondBody.Str("cachedAt"));
        Assert.Equal(1, computations.GetMeasurementSnapshot().Sum(m => m.Value));

        var forced = await client.PostAsync("/align", AlignRequests.Multipart(song.Wav, "track2", lyrics, new Dictionary<string, string> { ["force_regenerate"] = "true" }));
        var forcedBody = await forced.ExpectAsync(200);
        Assert.Equal("miss", forced.Headers.GetValues("X-Cache").Single());
        Assert.NotEqual(first.Str("cachedAt"), forcedBody.Str("cachedAt"));
        Assert.Equal(2, computations.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task Get_timestamps_reads_the_cache_and_delete_invalidates_it()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);

        var missing = await (await client.GetAsync("/timestamps/track3")).ExpectAsync(200);
        Assert.Equal("not_found", missing.Str("status"));
        Assert.Equal("none", missing.Str("syncType"));
        Assert.Equal("none", missing.Str("source"));

        var song = ToneVocals.Sing(Lines);
        await (await client.PostAsync("/align", AlignRequests.Multipart(song.Wav, "track3", string.Join('\n', Lines), new Dictionary<string, string> { ["youtube_video_id"] = "vid3" }))).ExpectAsync(200);

        var found = await (await client.GetAsync("/timestamps/track3?youtube_video_id=vid3")).ExpectAsync(200);
        Assert.Equal("found", found.Str("status"));
        Assert.Equal(7, found.GetProperty("words").GetArrayLength());
        Assert.Equal("found", (await (await client.GetAsync("/timestamps/track3")).ExpectAsync(200)).Str("status"));
        Assert.Equal("not_found", (await (await client.GetAsync("/timestamps/track3?youtube_video_id=othervideo")).ExpectAsync(200)).Str("status"));

        var deleted = await (await client.DeleteAsync("/timestamps/track3?youtube_video_id=vid3")).ExpectAsync(200);
        Assert.Equal("invalidated", deleted.Str("status"));
        Assert.Equal("track3", deleted.Str("spotify_track_id"));
        Assert.Equal(1, deleted.GetProperty("removed").GetInt32());
        Assert.Equal("not_found", (await (await client.GetAsync("/timestamps/track3?youtube_video_id=vid3")).ExpectAsync(200)).Str("status"));
    }

    [Fact]
    public async Task Regenerate_recomputes_and_replaces_the_entry()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        var song = ToneVocals.Sing(Lines);
        var lyrics = string.Join('\n', Lines);
        var first = await (await client.PostAsync("/align", AlignRequests.Multipart(song.Wav, "track4", lyrics))).ExpectAsync(200);

        var regenerated = await client.PostAsync("/regenerate", AlignRequests.Multipart(song.Wav, "track4", "bonjour la mer salut\ntout le monde"));
        var body = await regenerated.ExpectAsync(200);

        Assert.Equal("miss", regenerated.Headers.GetValues("X-Cache").Single());
        Assert.NotEqual(first.Str("cachedAt"), body.Str("cachedAt"));
        var cached = await (await client.GetAsync("/timestamps/track4")).ExpectAsync(200);
        Assert.Equal(body.Str("cachedAt"), cached.Str("cachedAt"));
        Assert.Equal(["bonjour la mer salut", "tout le monde"], cached.GetProperty("lines").EnumerateArray().Select(l => l.Str("text")));
    }

    [Fact]
    public async Task Json_request_with_synced_lines_aligns_a_file_under_the_vocals_root()
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(root.File("cache/yt5"));
        var song = ToneVocals.Sing(Lines, lineGapMs: 1_500);
        song.WriteTo(root.File("cache/yt5/vocals.wav"));
        await using var app = new AlignApiApplication { Settings = { ["KARAOKE_VOCALS_ROOT"] = root.Path } };
        var client = app.CreateClient(apiKey: null);
        var firstLineStart = song.Words[0].StartMs;
        var secondLineStart = song.Words[3].StartMs;

        var response = await client.PostAsync("/align", Json.Body(new
        {
            spotify_track_id = "track5",
            youtube_video_id = "yt5",
            language = "fr",
            vocalsPath = "cache/yt5/vocals.wav",
            synced_lines = new object[]
            {
                new { text = Lines[0], startTimeMs = firstLineStart - 100, endTimeMs = secondLineStart - 500 },
                new { text = "", startTimeMs = secondLineStart - 400, endTimeMs = secondLineStart - 300 },
                new { text = Lines[1], startTimeMs = secondLineStart - 100 },
            },
        }));
        var body = await response.ExpectAsync(200);

        Assert.Equal("ctc", body.GetProperty("tier_used").GetString());
        Assert.Equal(Lines, body.GetProperty("lines").EnumerateArray().Select(l => l.Str("text")));
        var words = body.GetProperty("words").EnumerateArray().ToList();
        Assert.InRange(words[3].GetProperty("startMs").GetInt32(), secondLineStart - 220, secondLineStart + 40);
    }

    [Fact]
    public async Task Lrc_lyrics_are_accepted()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        var song = ToneVocals.Sing(Lines);
        var lrc = $"[00:00.50]{Lines[0]}\n[00:{song.Words[3].StartMs / 1000:00}.{song.Words[3].StartMs % 1000 / 10:00}]{Lines[1]}\n";

        var body = await (await client.PostAsync("/align", AlignRequests.Multipart(song.Wav, "track6", fields: new Dictionary<string, string> { ["lrc"] = lrc, ["language"] = "en" }))).ExpectAsync(200);

        Assert.Equal("en", body.Str("language"));
        Assert.Equal(7, body.GetProperty("words").GetArrayLength());
    }

    [Fact]
    public async Task The_lrc_offset_found_and_the_unmet_anchors_are_in_the_quality_block_fresh_and_cached()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        string[] lines = [.. Lines, "la lune est belle", "demain il pleut", "tout le monde danse"];
        var song = ToneVocals.Sing(lines, leadMs: 2_500);
        // Every line written 1.5 s before it is sung (an LRC of an edit with a shorter intro).
        var firstWords = lines.Select((l, i) => lines.Take(i).Sum(x => x.Split(' ').Length)).ToArray();
        var lrc = string.Concat(lines.Select((l, i) => $"{Stamp(song.Words[firstWords[i]].StartMs - 1_500)}{l}\n"));
        var form = () => AlignRequests.Multipart(song.Wav, "track-offset", fields: new Dictionary<string, string> { ["lrc"] = lrc });

        var fresh = await client.PostAsync("/align", form());
        var freshQuality = (await fresh.ExpectAsync(200)).GetProperty("quality");
        var cached = await client.PostAsync("/align", form());
        var cachedQuality = (await cached.ExpectAsync(200)).GetProperty("quality");
        var served = (await (await client.GetAsync("/timestamps/track-offset")).ExpectAsync(200)).GetProperty("quality");

        Assert.Equal("miss", fresh.Headers.GetValues("X-Cache").Single());
        Assert.Equal("hit", cached.Headers.GetValues("X-Cache").Single());
        Assert.InRange(freshQuality.GetProperty("lrc_offset_ms").GetInt32(), 1_400, 1_600);
        Assert.InRange(freshQuality.GetProperty("unmet_anchors").GetInt32(), 0, lines.Length);
        Assert.Equal(freshQuality.GetRawText(), cachedQuality.GetRawText());
        Assert.Equal(freshQuality.GetRawText(), served.GetRawText());

        // Plain lyrics have no line times: no offset, no anchors.
        var plain = await (await client.PostAsync("/align", AlignRequests.Multipart(song.Wav, "track-plain", string.Join('\n', lines)))).ExpectAsync(200);
        Assert.False(plain.GetProperty("quality").TryGetProperty("lrc_offset_ms", out _));
        Assert.False(plain.GetProperty("quality").TryGetProperty("unmet_anchors", out _));

        static string Stamp(int ms) => $"[{ms / 60_000:00}:{ms % 60_000 / 1000:00}.{ms % 1000 / 10:00}]";
    }

    [Fact]
    public async Task Text_longer_than_the_audio_is_a_422_problem_not_a_500()
    {
        await using var app = new AlignApiApplication { Settings = { ["KARAOKE_ALIGNMENT_ENGINE"] = "ctc" } };
        var client = app.CreateClient(apiKey: null);
        var lyrics = string.Join(' ', Enumerable.Repeat("bonjour la mer", 40));

        var response = await client.PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(500), "track7", lyrics));

        await response.ExpectProblemAsync(422, "tier1");
    }

    [Fact]
    public async Task Delete_without_video_removes_every_row_of_the_track()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        var song = ToneVocals.Sing(Lines);
        foreach (var video in new[] { "va", "vb" })
        {
            await (await client.PostAsync("/align", AlignRequests.Multipart(song.Wav, "track8", string.Join('\n', Lines), new Dictionary<string, string> { ["youtube_video_id"] = video }))).ExpectAsync(200);
        }

        var deleted = await (await client.DeleteAsync("/timestamps/track8")).ExpectAsync(200);

        Assert.Equal(2, deleted.GetProperty("removed").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/timestamps/track8")).StatusCode);
        Assert.Equal("not_found", (await (await client.GetAsync("/timestamps/track8")).ReadAsync()).Str("status"));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kiaraoke.AlignApi.Fallbacks;
using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;
using Kiaraoke.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

/// <summary>
/// Issue 8's acceptance: with Tier 1 failing, POST /align returns the known lyrics timed from the local shared-whisper;
/// with that down, from the local Groq; with both down, a 503 ProblemDetails and nothing cached. Never a hallucination
/// token; every lyric word present, in order, in its line.
/// </summary>
public sealed class FallbackAcceptanceTests : IDisposable
{
    private const string Lyrics = "Bonjour toi,\nComment ça va ?";

    private static readonly string[][] LyricLines = [["Bonjour", "toi,"], ["Comment", "ça", "va", "?"]];

    private readonly TestAudio audio = new(3.0);

    public void Dispose() => audio.Dispose();

    private static Task<LocalHttpServer> SharedWhisper(Action? onCall = null) => LocalHttpServer.StartAsync(app => app.MapPost("/asr", async (HttpContext c) =>
    {
        onCall?.Invoke();
        await c.Request.ReadFormAsync();
        c.Response.ContentType = "text/plain; charset=utf-8";
        await c.Response.WriteAsync(WhisperPayloads.SharedWhisper(WhisperPayloads.Greeting));
    }));

    private static Task<LocalHttpServer> Groq(Action? onCall = null) => LocalHttpServer.StartAsync(app => app.MapPost("/openai/v1/audio/transcriptions", async (HttpContext c) =>
    {
        onCall?.Invoke();
        await c.Request.ReadFormAsync();
        c.Response.ContentType = "application/json";
        await c.Response.WriteAsync(WhisperPayloads.Groq(WhisperPayloads.Greeting, scale: 1000)); // and in milliseconds, to be converted
    }));

    private MultipartFormDataContent AlignForm(string trackId, string? lyrics = Lyrics, params (string Name, string Value)[] fields)
    {
        var file = new ByteArrayContent(File.ReadAllBytes(audio.Path));
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        var form = new MultipartFormDataContent
        {
            { file, "audio", "vocals.wav" },
            { new StringContent(trackId), "spotify_track_id" },
            { new StringContent("fr"), "language" },
        };
        if (lyrics is not null)
        {
            form.Add(new StringContent(lyrics), "lyrics_text");
        }

        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    private static void AssertKaraokeOfTheLyrics(JsonElement body)
    {
        var lines = body.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(LyricLines.Length, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal(LyricLines[i], lines[i].GetProperty("words").EnumerateArray().Select(w => w.GetProperty("word").GetString()!));
        }

        var words = lines.SelectMany(l => l.GetProperty("words").EnumerateArray()).ToList();
        Assert.DoesNotContain(words, w => HallucinationFilter.IsHallucination(w.GetProperty("word").GetString()));
        Assert.DoesNotContain("Musique", body.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var aligned = lines.Select(l => new AlignedLine(
            l.GetProperty("startMs").GetInt32(), l.GetProperty("endMs").GetInt32(), l.GetProperty("text").GetString()!,
            l.GetProperty("words").EnumerateArray().Select(w => new AlignedWord(
                w.GetProperty("word").GetString()!, w.GetProperty("startMs").GetInt32(), w.GetProperty("endMs").GetInt32(), w.GetProperty("confidence").GetDouble())).ToArray())).ToArray();
        Assert.Empty(TimingContractValidator.Validate(aligned, 3_000));
    }

    [Fact]
    public async Task Tier1_failing_the_lyrics_come_timed_from_shared_whisper()
    {
        var groqCalls = 0;
        await using var whisper = await SharedWhisper();
        await using var groq = await Groq(() => Interlocked.Increment(ref groqCalls));
        await using var app = new FallbackAlignApp(new FailingTier1(), whisper.Url, groq.Url);
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/align", AlignForm("tier2track"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("shared_whisper", body.GetProperty("source").GetString());
        Assert.Equal("shared_whisper", body.GetProperty("tier_used").GetString());
        Assert.Equal("shared-whisper-large-v3-turbo", body.GetProperty("model_version").GetString());
        Assert.Contains("tier1", body.GetProperty("fallback_reason").GetString());
        var first = body.GetProperty("lines")[0].GetProperty("words")[0];
        Assert.Equal(500, first.GetProperty("startMs").GetInt32()); // " Bonjour" at 0.5 s in the shared-whisper answer
        AssertKaraokeOfTheLyrics(body);
        Assert.Equal(0, groqCalls);
    }

    [Fact]
    public async Task Shared_whisper_down_too_the_lyrics_come_timed_from_groq()
    {
        await using var groq = await Groq();
        await using var app = new FallbackAlignApp(new FailingTier1(), LocalHttpServer.DeadUrl(), groq.Url);
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/align", AlignForm("tier3track"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("groq_whisper", body.GetProperty("source").GetString());
        Assert.Equal("groq_whisper", body.GetProperty("tier_used").GetString());
        Assert.Contains("unavailable", body.GetProperty("fallback_reason").GetString());
        Assert.Equal(1_000, body.GetProperty("lines")[0].GetProperty("words")[1].GetProperty("startMs").GetInt32()); // ms payload converted once
        AssertKaraokeOfTheLyrics(body);
    }

    [Fact]
    public async Task Both_down_a_clear_503_and_nothing_cached()
    {
        await using var app = new FallbackAlignApp(new FailingTier1(), LocalHttpServer.DeadUrl(), LocalHttpServer.DeadUrl());
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/align", AlignForm("downtrack"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("tier1", detail);
        Assert.Contains("shared_whisper", detail);
        Assert.Contains("groq_whisper", detail);

        using var cached = await client.GetAsync("/timestamps/downtrack");
        var lookup = JsonDocument.Parse(await cached.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("not_found", lookup.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_groq_key_shared_whisper_down_is_a_503()
    {
        await using var app = new FallbackAlignApp(new FailingTier1(), LocalHttpServer.DeadUrl(), groqUrl: null);
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/align", AlignForm("nogroq"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task A_weak_tier1_line_is_retimed_from_whisper_and_the_rest_kept()
    {
        // Tier 1: first line confident, second line weak — the gate refuses the song as a whole.
        var tier1 = new FixedTier1(_ =>
        [
            new AlignedLine(480, 1_320, "Bonjour toi,", [new("Bonjour", 480, 900, 0.95), new("toi,", 1_000, 1_320, 0.95)]),
            new AlignedLine(1_400, 1_800, "Comment ça va ?",
                [new("Comment", 1_400, 1_500, 0.05), new("ça", 1_500, 1_600, 0.05), new("va", 1_600, 1_700, 0.05), new("?", 1_700, 1_800, 0.0)]),
        ]);
        var whisperCalls = 0;
        await using var whisper = await SharedWhisper(() => Interlocked.Increment(ref whisperCalls));
        await using var app = new FallbackAlignApp(tier1, whisper.Url, groqUrl: null);
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/align", AlignForm("segmenttrack"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(SegmentFallbackResult.TierUsed, body.GetProperty("source").GetString());
        Assert.Equal("ctc+whisper_segments", body.GetProperty("tier_used").GetString());
        Assert.Equal("test-ctc@0", body.GetProperty("model_version").GetString());
        Assert.Contains("gate_rejected", body.GetProperty("fallback_reason").GetString());
        Assert.Contains("re-timed from shared_whisper", body.GetProperty("fallback_reason").GetString());
        var lines = body.GetProperty("lines");
        Assert.Equal(480, lines[0].GetProperty("startMs").GetInt32());                       // Tier 1 kept
        Assert.Equal(1_500, lines[1].GetProperty("words")[0].GetProperty("startMs").GetInt32()); // " comment" at 1.5 s
        AssertKaraokeOfTheLyrics(body);
        Assert.Equal(1, whisperCalls);
    }

    [Fact]
    public async Task A_request_without_lyrics_gets_the_words_heard_in_segment_lines()
    {
        await using var whisper = await SharedWhisper();
        await using var app = new FallbackAlignApp(new FailingTier1(), whisper.Url, groqUrl: null);
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/align", AlignForm("nolyrics", lyrics: null, ("artist_name", "Artiste"), ("track_name", "Salut")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("shared_whisper", body.GetProperty("source").GetString());
        var words = body.GetProperty("lines").EnumerateArray().SelectMany(l => l.GetProperty("words").EnumerateArray()).Select(w => w.GetProperty("word").GetString()!).ToArray();
        Assert.Equal<string>(["Bonjour", "toi,", "comment", "ça", "va"], words);
        Assert.Equal(2, body.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task Lyrics_from_lrclib_are_aligned_when_the_request_has_none()
    {
        await using var whisper = await SharedWhisper();
        await using var lrclib = await LocalHttpServer.StartAsync(app => app.MapGet("/api/get", () => Results.Json(new
        {
            id = 77, trackName = "Salut", artistName = "Artiste", albumName = "A", duration = 3.0, instrumental = false,
            plainLyrics = "Bonjour toi,\nComment ça va ?", syncedLyrics = "[00:00.40]Bonjour toi,\n[00:01.40]Comment ça va ?\n[00:02.90]",
        })));
        var tier1 = new FailingTier1();
        await using var app = new FallbackAlignApp(tier1, whisper.Url, groqUrl: null, ("KARAOKE_LRCLIB_URL", lrclib.Url));
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/align", AlignForm("lrclibtrack", lyrics: null, ("artist_name", "Artiste"), ("track_name", "Salut")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        AssertKaraokeOfTheLyrics(body);
        Assert.Contains("tier1", body.GetProperty("fallback_reason").GetString()); // Tier 1 was tried with LRCLib's lyrics, and failed
        Assert.NotNull(tier1.LastJob);
        Assert.True(tier1.LastJob.Lyrics.HasLineTimes); // synced lyrics reach Tier 1 as line anchors
        Assert.Equal([400, 1_400], tier1.LastJob.Lyrics.Lines.Select(l => l.StartMs!.Value));
    }
}

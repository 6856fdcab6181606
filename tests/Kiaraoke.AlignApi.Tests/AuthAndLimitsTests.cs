using System.Net;
using System.Net.Http.Headers;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Tests.Support;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>API keys, and every malformed or oversized input answered with a precise ProblemDetails (never a 500).</summary>
public sealed class AuthAndLimitsTests
{
    private const string Lyrics = "bonjour la mer\nsalut tout le monde";

    private static AlignApiApplication WithKeys(bool openReads = false) => new()
    {
        Engines = [new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc")],
        Settings = { ["KARAOKE_API_KEYS"] = $"other-key-abcdef, {AlignApiApplication.ApiKey}", ["KARAOKE_OPEN_READS"] = openReads ? "true" : "false" },
    };

    [Fact]
    public async Task Align_and_mutating_endpoints_need_a_valid_key()
    {
        await using var app = WithKeys();
        var audio = ToneVocals.Silent(1_500);

        await (await app.CreateClient(apiKey: null).PostAsync("/align", AlignRequests.Multipart(audio, "a1", Lyrics))).ExpectProblemAsync(401, "needs an API key");
        var wrong = await app.CreateClient("test-key-0123456780").PostAsync("/align", AlignRequests.Multipart(audio, "a1", Lyrics));
        await wrong.ExpectProblemAsync(401, "not valid");
        Assert.Contains("X-API-Key", wrong.Headers.WwwAuthenticate.ToString());
        await (await app.CreateClient(apiKey: null).PostAsync("/regenerate", AlignRequests.Multipart(audio, "a1", Lyrics))).ExpectProblemAsync(401, "API key");
        await (await app.CreateClient(apiKey: null).DeleteAsync("/timestamps/a1")).ExpectProblemAsync(401, "API key");
        await (await app.CreateClient(apiKey: null).GetAsync("/timestamps/a1")).ExpectProblemAsync(401, "API key");

        var client = app.CreateClient(AlignApiApplication.ApiKey);
        await (await client.PostAsync("/align", AlignRequests.Multipart(audio, "a1", Lyrics))).ExpectAsync(200);
        await (await app.CreateClient("other-key-abcdef").GetAsync("/timestamps/a1")).ExpectAsync(200);
        await (await client.DeleteAsync("/timestamps/a1")).ExpectAsync(200);

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient(apiKey: null).GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Reads_can_be_opened_by_configuration_while_writes_stay_closed()
    {
        await using var app = WithKeys(openReads: true);
        var anonymous = app.CreateClient(apiKey: null);

        Assert.Equal("not_found", (await (await anonymous.GetAsync("/timestamps/r1")).ExpectAsync(200)).Str("status"));
        await (await anonymous.DeleteAsync("/timestamps/r1")).ExpectProblemAsync(401, "API key");
    }

    [Fact]
    public void Key_comparison_matches_only_exact_keys()
    {
        Assert.True(Security.ApiKeyEndpointFilter.Matches("abc", ["x", "abc"]));
        Assert.False(Security.ApiKeyEndpointFilter.Matches("ab", ["abc"]));
        Assert.False(Security.ApiKeyEndpointFilter.Matches("abcd", ["abc"]));
        Assert.False(Security.ApiKeyEndpointFilter.Matches("abc", []));
    }

    [Fact]
    public async Task Oversized_upload_is_413()
    {
        await using var app = new AlignApiApplication { Settings = { ["KARAOKE_MAX_UPLOAD_BYTES"] = "20000" } };

        var response = await app.CreateClient(apiKey: null).PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(2_000), "big", Lyrics));

        await response.ExpectProblemAsync(413, "20000 bytes");
    }

    [Fact]
    public async Task Audio_longer_than_the_limit_is_400()
    {
        await using var app = new AlignApiApplication { Settings = { ["KARAOKE_MAX_AUDIO_SECONDS"] = "1" } };

        var response = await app.CreateClient(apiKey: null).PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(2_500), "long", Lyrics));

        await response.ExpectProblemAsync(400, "lasts 2.5 s; the limit is 1 s");
    }

    [Fact]
    public async Task Lyrics_longer_than_the_limit_are_400()
    {
        await using var app = new AlignApiApplication { Settings = { ["KARAOKE_MAX_LYRICS_CHARS"] = "30" } };

        var response = await app.CreateClient(apiKey: null).PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(1_000), "lyr", Lyrics + " encore"));

        await response.ExpectProblemAsync(400, "limit is 30");
    }

    public static TheoryData<string, string> BadMultipart => new()
    {
        { "spotify_track_id=bad id!", "spotify_track_id is required" },
        { "language=french", "not an ISO 639-1 code" },
        { "youtube_video_id=../../x", "youtube_video_id must be" },
        { "lrc=[00:01.00]la", "only one of lyrics_text, lrc or synced_lines" },
        { "synced_lines=[{\"text\":", "synced_lines is not a JSON array" },
        { "force_regenerate=maybe", "not a boolean" },
    };

    [Theory]
    [MemberData(nameof(BadMultipart))]
    public async Task Invalid_fields_are_400_with_a_precise_message(string field, string expected)
    {
        await using var app = new AlignApiApplication();
        var (name, value) = (field[..field.IndexOf('=')], field[(field.IndexOf('=') + 1)..]);
        var content = new MultipartFormDataContent { { new ByteArrayContent(ToneVocals.Silent(1_000)), "audio", "v.wav" }, { new StringContent(Lyrics), "lyrics_text" } };
        content.Add(new StringContent(name == "spotify_track_id" ? value : "ok1"), "spotify_track_id");
        if (name != "spotify_track_id")
        {
            content.Add(new StringContent(value), name);
        }

        var response = await app.CreateClient(apiKey: null).PostAsync("/align", content);

        await response.ExpectProblemAsync(400, expected);
    }

    [Fact]
    public async Task Missing_parts_wrong_media_and_broken_audio_are_client_errors()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);

        var noAudio = new MultipartFormDataContent { { new StringContent("t1"), "spotify_track_id" }, { new StringContent(Lyrics), "lyrics_text" } };
        await (await client.PostAsync("/align", noAudio)).ExpectProblemAsync(400, "no file part named 'audio'");

        await (await client.PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(1_000), "t1"))).ExpectProblemAsync(400, "one of lyrics_text, lrc or synced_lines");
        await (await client.PostAsync("/align", AlignRequests.Multipart([], "t1", Lyrics))).ExpectProblemAsync(400, "empty");
        await (await client.PostAsync("/align", AlignRequests.Multipart("not audio at all"u8.ToArray(), "t1", Lyrics, fileName: "x.mp3"))).ExpectProblemAsync(400, "not a decodable audio file");
        await (await client.PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(1_000), "t1", "   \n  "))).ExpectProblemAsync(400, "words");

        var text = new StringContent("hello", System.Text.Encoding.UTF8, "text/plain");
        await (await client.PostAsync("/align", text)).ExpectProblemAsync(415, "multipart/form-data");

        var broken = new StringContent("{\"spotify_track_id\": ", System.Text.Encoding.UTF8);
        broken.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await (await client.PostAsync("/align", broken)).ExpectProblemAsync(400, "JSON body is malformed");

        await (await client.GetAsync("/timestamps/bad%20id")).ExpectProblemAsync(400, "spotifyTrackId must be");
        await (await client.PostAsync("/align", Json.Body(new { spotify_track_id = "j1", lyrics_text = Lyrics, synced_lines = new[] { new { text = "la", startTimeMs = 10 } } }))).ExpectProblemAsync(400, "only one of");
        await (await client.PostAsync("/align", Json.Body(new { spotify_track_id = "j1", synced_lines = new[] { new { text = "la mer", startTimeMs = 900, endTimeMs = 100 } } }))).ExpectProblemAsync(400, "end after start");
    }
}

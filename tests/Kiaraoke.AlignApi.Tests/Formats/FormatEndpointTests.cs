using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kiaraoke.AlignApi.Tests.Support;
using Kiaraoke.Alignment.Formats;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Tests.Formats;

/// <summary>GET /timestamps/{id}?format=… downloads, and PUT …/words?format=… corrections from our own files.</summary>
public sealed class FormatEndpointTests
{
    private static readonly object Correction = new
    {
        language = "fr",
        track_name = "Salut",
        artist_name = "Le Nez Tordu",
        lines = new object[]
        {
            new { words = new object[] { new { word = "Bonjour", startMs = 12_000, endMs = 12_480, confidence = 0.93 }, new { word = "toi", startMs = 12_520, endMs = 13_200, confidence = 0.69 } } },
            new { words = new object[] { new { word = "comment", startMs = 15_010, endMs = 15_400 }, new { word = "ça", startMs = 15_400, endMs = 15_730 }, new { word = "va", startMs = 15_800, endMs = 16_420 } } },
        },
    };

    [Theory]
    [InlineData("lrc", "text/plain; charset=utf-8", "song1.lrc")]
    [InlineData("ass", "text/x-ssa; charset=utf-8", "song1.ass")]
    [InlineData("vtt", "text/vtt; charset=utf-8", "song1.vtt")]
    [InlineData("ttml", "application/ttml+xml; charset=utf-8", "song1.ttml")]
    [InlineData("srt", "application/x-subrip; charset=utf-8", "song1.srt")]
    [InlineData("ultrastar", "text/plain; charset=utf-8", "song1.txt")]
    public async Task Get_with_a_format_downloads_the_stored_words_as_that_file(string format, string contentType, string fileName)
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        await (await client.PutAsJsonAsync("/timestamps/song1/words", Correction)).ExpectAsync(200);

        var response = await client.GetAsync($"/timestamps/song1?format={format}");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(KaraokeFormats.TryParse(format, out var parsed));
        Assert.Equal(KaraokeExporter.Write(parsed, Stored(), "song1"), body);
    }

    [Fact]
    public async Task Lrc_download_reads_back_through_the_lrc_parser()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        await (await client.PutAsJsonAsync("/timestamps/song1/words", Correction)).ExpectAsync(200);

        var lyrics = LrcParser.Parse(await client.GetStringAsync("/timestamps/song1?format=lrc"));

        Assert.Equal([12_000, 12_520, 15_010, 15_400, 15_800], lyrics.AllWords.Select(w => w.TaggedStartMs!.Value));
        Assert.Equal([13_200, 16_420], lyrics.Lines.Select(l => l.EndMs!.Value));
    }

    [Fact]
    public async Task Format_json_is_the_usual_response_as_an_attachment()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        await (await client.PutAsJsonAsync("/timestamps/song1/words", Correction)).ExpectAsync(200);

        var response = await client.GetAsync("/timestamps/song1?format=json&youtube_video_id=vid1");
        var body = await response.ExpectAsync(200);
        Assert.Equal("found", body.GetProperty("status").GetString());
        Assert.Equal("song1_vid1.json", response.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task Unknown_format_is_a_400_naming_the_choices()
    {
        await using var app = new AlignApiApplication();
        var body = await (await app.CreateClient(apiKey: null).GetAsync("/timestamps/song1?format=midi")).ExpectProblemAsync(400, "lrc, ass, vtt, ttml, srt, ultrastar");
        Assert.True(body.GetProperty("errors").TryGetProperty("format", out _));
    }

    [Fact]
    public async Task A_file_of_a_track_with_no_timestamps_is_a_404()
    {
        await using var app = new AlignApiApplication();
        await (await app.CreateClient(apiKey: null).GetAsync("/timestamps/nothing?format=ass")).ExpectProblemAsync(404, "align the track first");
    }

    [Theory]
    [InlineData("lrc")]
    [InlineData("ass")]
    [InlineData("ttml")]
    [InlineData("ultrastar")]
    public async Task A_corrected_export_comes_back_as_a_user_correction(string format)
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        await (await client.PutAsJsonAsync("/timestamps/song1/words", Correction)).ExpectAsync(200);
        var exported = await client.GetStringAsync($"/timestamps/song1?format={format}");

        // A person moves "va" 300 ms later in the file, in the format's own notation.
        var edited = format switch
        {
            "lrc" => exported.Replace("<00:15.80>va", "<00:16.10>va"),
            "ass" => exported.Replace("{\\k7}{\\kf62}va", "{\\k37}{\\kf32}va"),
            "ultrastar" => exported.Replace(": 380 62 0 va\n", ": 410 32 0 va\n"),
            _ => exported.Replace("begin=\"15.800\"", "begin=\"16.100\""),
        };
        Assert.NotEqual(exported, edited);

        var put = await client.PutAsync($"/timestamps/song1/words?format={format}", new StringContent(edited, Encoding.UTF8, "text/plain"));
        var stored = await put.ExpectAsync(200);
        Assert.Equal("user_corrected", stored.GetProperty("source").GetString());

        var words = (await (await client.GetAsync("/timestamps/song1")).ExpectAsync(200)).GetProperty("words").EnumerateArray().ToArray();
        Assert.Equal(["Bonjour", "toi", "comment", "ça", "va"], words.Select(w => w.GetProperty("word").GetString()));
        Assert.Equal(16_100, words[4].GetProperty("startMs").GetInt32());
        Assert.Equal(16_420, words[4].GetProperty("endMs").GetInt32());
        Assert.Equal(12_000, words[0].GetProperty("startMs").GetInt32());
    }

    [Fact]
    public async Task A_file_without_word_times_is_refused_and_nothing_changes()
    {
        await using var app = new AlignApiApplication();
        var client = app.CreateClient(apiKey: null);
        await (await client.PutAsJsonAsync("/timestamps/song1/words", Correction)).ExpectAsync(200);

        await (await client.PutAsync("/timestamps/song1/words?format=srt", new StringContent("1\n00:00:01,000 --> 00:00:02,000\nx\n", Encoding.UTF8, "text/plain")))
            .ExpectProblemAsync(400, "cannot be a correction");
        await (await client.PutAsync("/timestamps/song1/words?format=lrc", new StringContent("[00:12.00]<00:12.00>Bonjour toi <00:13.20>\n", Encoding.UTF8, "text/plain")))
            .ExpectProblemAsync(400, "'toi' has no <mm:ss.xx> tag");
        // Words out of order break the timing contract: the same 400 as a JSON correction.
        await (await client.PutAsync("/timestamps/song1/words?format=lrc", new StringContent("[00:12.00]<00:12.00>Bonjour <00:11.00>toi <00:13.20>\n", Encoding.UTF8, "text/plain")))
            .ExpectProblemAsync(400, "timing contract");

        var words = (await (await client.GetAsync("/timestamps/song1")).ExpectAsync(200)).GetProperty("words");
        Assert.Equal(5, words.GetArrayLength());
    }

    private static KaraokeTimeline Stored()
    {
        var json = JsonSerializer.Serialize(Correction);
        using var document = JsonDocument.Parse(json);
        var lines = document.RootElement.GetProperty("lines").EnumerateArray().Select(line =>
        {
            var words = line.GetProperty("words").EnumerateArray().Select(w => new AlignedWord(
                w.GetProperty("word").GetString()!,
                w.GetProperty("startMs").GetInt32(),
                w.GetProperty("endMs").GetInt32(),
                w.TryGetProperty("confidence", out var c) ? c.GetDouble() : 1.0)).ToArray();
            return new AlignedLine(words[0].StartMs, words[^1].EndMs, string.Join(' ', words.Select(w => w.Word)), words);
        }).ToArray();
        return new KaraokeTimeline(lines, 16_420, "Salut", "Le Nez Tordu", "fr");
    }
}

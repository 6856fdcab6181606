using System.Collections.Concurrent;
using System.Diagnostics;
using Kiaraoke.AlignApi.Fallbacks;
using Kiaraoke.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

public sealed class GroqWhisperClientTests : IDisposable
{
    private const string Path = "/openai/v1/audio/transcriptions";

    private readonly TestAudio audio = new(3.0);

    public void Dispose() => audio.Dispose();

    private AsrRequest Request() => new(audio.Path, audio.DurationSeconds, "fr", "Bonjour toi, comment ça va");

    private static GroqWhisperClient Client(string url, params (string, string?)[] extra) =>
        FallbackServices.Build([("GROQ_API_URL", url), ("GROQ_API_KEY", "gsk_test"), ("Groq:RetryBaseDelayMs", "20"), .. extra])
            .GetRequiredService<GroqWhisperClient>();

    [Fact]
    public async Task Sends_transcoded_flac_as_openai_style_multipart()
    {
        var seen = new ConcurrentDictionary<string, string>();
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost(Path, async (HttpContext c) =>
        {
            var form = await c.Request.ReadFormAsync();
            seen["auth"] = c.Request.Headers.Authorization.ToString();
            seen["fields"] = string.Join(' ', form.Keys.Order().Select(k => $"{k}={form[k]}"));
            var file = form.Files["file"]!;
            using var reader = new BinaryReader(file.OpenReadStream());
            seen["file"] = $"{file.FileName} {file.ContentType} {System.Text.Encoding.ASCII.GetString(reader.ReadBytes(4))} {file.Length}";
            await c.Response.WriteAsJsonAsync(System.Text.Json.JsonDocument.Parse(WhisperPayloads.Groq(WhisperPayloads.Greeting)).RootElement);
        }));

        var transcript = await Client(server.Url).TranscribeAsync(Request(), CancellationToken.None);

        Assert.Equal("Bearer gsk_test", seen["auth"]);
        Assert.Equal(
            "language=fr model=whisper-large-v3-turbo prompt=Bonjour toi, comment ça va response_format=verbose_json temperature=0 timestamp_granularities[]=word,segment",
            seen["fields"]);
        var file = seen["file"].Split(' ');
        Assert.Equal(["audio.flac", "audio/flac", "fLaC"], file[..3]);
        Assert.True(long.Parse(file[3]) < new FileInfo(audio.Path).Length / 4, "16 kHz mono FLAC should be far smaller than the 44.1 kHz stereo WAV");
        Assert.Equal(6, transcript.Words.Count);
        Assert.Null(transcript.Words[1].Probability);
        Assert.Equal(1.0, transcript.Words[2].StartSeconds, 6);
        Assert.Equal(2, transcript.Segments.Count);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost(Path, async (HttpContext c) =>
        {
            await c.Request.ReadFormAsync();
            if (Interlocked.Increment(ref calls) == 1)
            {
                c.Response.StatusCode = 429;
                c.Response.Headers.RetryAfter = "1";
                await c.Response.WriteAsync("""{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""");
                return;
            }

            await c.Response.WriteAsync(WhisperPayloads.Groq(WhisperPayloads.Greeting));
        }));

        var clock = Stopwatch.StartNew();
        var transcript = await Client(server.Url).TranscribeAsync(Request(), CancellationToken.None);

        Assert.Equal(2, calls);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}, before retry-after");
        Assert.Equal(6, transcript.Words.Count);
    }

    [Fact]
    public async Task A_429_asking_for_too_long_a_wait_goes_to_the_next_tier_at_once()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost(Path, (HttpContext c) =>
        {
            Interlocked.Increment(ref calls);
            c.Response.StatusCode = 429;
            c.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        }));

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AsrBackendException>(() => Client(server.Url).TranscribeAsync(Request(), CancellationToken.None));

        Assert.Equal(AsrFailureReasons.RateLimited, error.Reason);
        Assert.Equal(1, calls);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost(Path, async (HttpContext c) =>
        {
            await c.Request.ReadFormAsync(); // the retried body must arrive whole each time
            if (Interlocked.Increment(ref calls) <= 2)
            {
                c.Response.StatusCode = 503;
                return;
            }

            await c.Response.WriteAsync(WhisperPayloads.Groq(WhisperPayloads.Greeting));
        }));

        var transcript = await Client(server.Url).TranscribeAsync(Request(), CancellationToken.None);

        Assert.Equal(3, calls);
        Assert.Equal(6, transcript.Words.Count);
    }

    [Fact]
    public async Task Persistent_server_errors_fail_after_the_retries()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost(Path, (HttpContext c) =>
        {
            Interlocked.Increment(ref calls);
            c.Response.StatusCode = 502;
            return Task.CompletedTask;
        }));

        var error = await Assert.ThrowsAsync<AsrBackendException>(() => Client(server.Url).TranscribeAsync(Request(), CancellationToken.None));
        Assert.Equal(AsrFailureReasons.ServerError, error.Reason);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_413_is_too_large_and_not_retried()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost(Path, (HttpContext c) =>
        {
            Interlocked.Increment(ref calls);
            c.Response.StatusCode = 413;
            return c.Response.WriteAsync("""{"error":{"message":"Request Entity Too Large","type":"invalid_request_error"}}""");
        }));

        var error = await Assert.ThrowsAsync<AsrBackendException>(() => Client(server.Url).TranscribeAsync(Request(), CancellationToken.None));
        Assert.Equal(AsrFailureReasons.TooLarge, error.Reason);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Audio_still_over_the_limit_after_transcoding_is_refused_without_calling_groq()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost(Path, (HttpContext c) =>
        {
            Interlocked.Increment(ref calls);
            return c.Response.WriteAsync(WhisperPayloads.Groq(WhisperPayloads.Greeting));
        }));

        var error = await Assert.ThrowsAsync<AsrBackendException>(() =>
            Client(server.Url, ("Groq:MaxUploadBytes", "200")).TranscribeAsync(Request(), CancellationToken.None));

        Assert.Equal(AsrFailureReasons.TooLarge, error.Reason);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Milliseconds_instead_of_seconds_are_converted()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost(Path, (HttpContext c) =>
            c.Response.WriteAsync(WhisperPayloads.Groq(WhisperPayloads.Greeting, scale: 1000))));

        var transcript = await Client(server.Url).TranscribeAsync(Request(), CancellationToken.None);

        Assert.Equal(1.3, transcript.Words[2].EndSeconds, 6);
    }

    [Fact]
    public async Task A_slow_server_times_out()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost(Path, async (HttpContext c) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted);
        }));

        var error = await Assert.ThrowsAsync<AsrBackendException>(() =>
            Client(server.Url, ("Groq:TimeoutSeconds", "1")).TranscribeAsync(Request(), CancellationToken.None));
        Assert.Equal(AsrFailureReasons.Timeout, error.Reason);
    }

    [Fact]
    public async Task Without_a_key_the_tier_is_off()
    {
        var client = FallbackServices.Build().GetRequiredService<GroqWhisperClient>();
        Assert.False(client.IsConfigured);
        var error = await Assert.ThrowsAsync<AsrBackendException>(() => client.TranscribeAsync(Request(), CancellationToken.None));
        Assert.Equal(AsrFailureReasons.NotConfigured, error.Reason);
    }
}

using System.Collections.Concurrent;
using Kiaraoke.AlignApi.Fallbacks;
using Kiaraoke.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

public sealed class SharedWhisperClientTests : IDisposable
{
    private readonly TestAudio audio = new(3.0);

    public void Dispose() => audio.Dispose();

    private static async Task<LocalHttpServer> ServeAsr(Func<HttpContext, Task> handler) =>
        await LocalHttpServer.StartAsync(app => app.MapPost("/asr", handler));

    private AsrRequest Request(string? lyrics = "Bonjour toi,\ncomment ça va") => new(audio.Path, audio.DurationSeconds, "fr", lyrics);

    private static SharedWhisperClient Client(string url, int timeoutSeconds = 120) =>
        FallbackServices.Build(("SHARED_WHISPER_URL", url), ("SHARED_WHISPER_TIMEOUT", timeoutSeconds.ToString()))
            .GetRequiredService<SharedWhisperClient>();

    [Fact]
    public async Task Speaks_the_asr_protocol_and_reads_json_served_as_text_plain()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await ServeAsr(async context =>
        {
            var q = context.Request.Query;
            var form = await context.Request.ReadFormAsync();
            seen.Enqueue($"task={q["task"]} output={q["output"]} words={q["word_timestamps"]} vad={q["vad_filter"]} lang={q["language"]}");
            seen.Enqueue($"prompt={q["initial_prompt"]}");
            seen.Enqueue($"parts={string.Join(',', form.Files.Select(f => f.Name))} fields={form.Count} bytes={form.Files[0].Length}");
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers["Asr-Engine"] = "faster_whisper";
            await context.Response.WriteAsync(WhisperPayloads.SharedWhisper(WhisperPayloads.Greeting));
        });

        var transcript = await Client(server.Url).TranscribeAsync(Request(), TestContext());

        Assert.Equal(
            [
                "task=transcribe output=json words=true vad=true lang=fr",
                "prompt=Bonjour toi, comment ça va",
                $"parts=audio_file fields=0 bytes={new FileInfo(audio.Path).Length}",
            ],
            seen);
        Assert.Equal(6, transcript.Words.Count);
        Assert.Equal(" Bonjour", transcript.Words[1].Text);
        Assert.Equal(0.5, transcript.Words[1].StartSeconds, 6);
        Assert.Equal(0.87, transcript.Words[1].Probability);
        Assert.Equal(2, transcript.Segments.Count);
        Assert.Equal("fr", transcript.Language);
    }

    [Fact]
    public async Task The_prompt_is_cut_to_500_characters()
    {
        string? prompt = null;
        await using var server = await ServeAsr(async context =>
        {
            prompt = context.Request.Query["initial_prompt"];
            await context.Response.WriteAsync(WhisperPayloads.SharedWhisper(WhisperPayloads.Greeting));
        });

        await Client(server.Url).TranscribeAsync(Request(string.Join('\n', Enumerable.Repeat("une très longue ligne de paroles", 100))), TestContext());

        Assert.NotNull(prompt);
        Assert.InRange(prompt.Length, 400, 500);
    }

    [Fact]
    public async Task Milliseconds_instead_of_seconds_are_converted()
    {
        await using var server = await ServeAsr(c => c.Response.WriteAsync(WhisperPayloads.SharedWhisper(WhisperPayloads.Greeting, scale: 1000)));

        var transcript = await Client(server.Url).TranscribeAsync(Request(), TestContext());

        Assert.Equal(0.5, transcript.Words[1].StartSeconds, 6);
        Assert.Equal(2.6, transcript.Segments[^1].EndSeconds, 6);
    }

    [Fact]
    public async Task Times_in_no_known_unit_are_refused()
    {
        await using var server = await ServeAsr(c => c.Response.WriteAsync(WhisperPayloads.SharedWhisper(WhisperPayloads.Greeting, scale: 50)));

        var error = await Assert.ThrowsAsync<AsrBackendException>(() => Client(server.Url).TranscribeAsync(Request(), TestContext()));
        Assert.Equal(AsrFailureReasons.TimeUnitRefused, error.Reason);
    }

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("{\"language\":\"fr\",\"segments\":[{\"start\":0.1,")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"segments\":[{\"start\":\"soon\",\"end\":1,\"text\":\"x\",\"words\":[]}]}")]
    public async Task Malformed_bodies_are_reported_as_such(string body)
    {
        await using var server = await ServeAsr(c => c.Response.WriteAsync(body));

        var error = await Assert.ThrowsAsync<AsrBackendException>(() => Client(server.Url).TranscribeAsync(Request(), TestContext()));
        Assert.Equal(AsrFailureReasons.MalformedResponse, error.Reason);
    }

    [Fact]
    public async Task Server_errors_are_not_retried()
    {
        var calls = 0;
        await using var server = await ServeAsr(c =>
        {
            Interlocked.Increment(ref calls);
            c.Response.StatusCode = 500;
            return c.Response.WriteAsync("Internal Server Error");
        });

        var error = await Assert.ThrowsAsync<AsrBackendException>(() => Client(server.Url).TranscribeAsync(Request(), TestContext()));
        Assert.Equal(AsrFailureReasons.ServerError, error.Reason);
        Assert.Equal(1, calls);
    }

    [Theory]
    [InlineData(413, AsrFailureReasons.TooLarge)]
    [InlineData(422, AsrFailureReasons.Rejected)]
    [InlineData(429, AsrFailureReasons.RateLimited)]
    public async Task Http_failures_are_classified(int status, string reason)
    {
        await using var server = await ServeAsr(c =>
        {
            c.Response.StatusCode = status;
            return c.Response.WriteAsync("{\"detail\":\"nope\"}");
        });

        var error = await Assert.ThrowsAsync<AsrBackendException>(() => Client(server.Url).TranscribeAsync(Request(), TestContext()));
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_is_a_timeout()
    {
        await using var server = await ServeAsr(async c =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted);
            await c.Response.WriteAsync("{}");
        });

        var error = await Assert.ThrowsAsync<AsrBackendException>(() => Client(server.Url, timeoutSeconds: 1).TranscribeAsync(Request(), TestContext()));
        Assert.Equal(AsrFailureReasons.Timeout, error.Reason);
    }

    [Fact]
    public async Task A_server_that_is_down_is_unavailable()
    {
        var error = await Assert.ThrowsAsync<AsrBackendException>(() => Client(LocalHttpServer.DeadUrl()).TranscribeAsync(Request(), TestContext()));
        Assert.Equal(AsrFailureReasons.Unavailable, error.Reason);
    }

    [Fact]
    public async Task Without_a_url_the_tier_is_off()
    {
        var client = FallbackServices.Build().GetRequiredService<SharedWhisperClient>();
        Assert.False(client.IsConfigured);
        var error = await Assert.ThrowsAsync<AsrBackendException>(() => client.TranscribeAsync(Request(), TestContext()));
        Assert.Equal(AsrFailureReasons.NotConfigured, error.Reason);
    }

    private static CancellationToken TestContext() => CancellationToken.None;
}

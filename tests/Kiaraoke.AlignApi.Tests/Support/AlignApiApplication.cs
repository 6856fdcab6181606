using System.Net.Http.Headers;
using Kiaraoke.AlignApi.Engines;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Kiaraoke.AlignApi.Tests.Support;

/// <summary>
/// The service as it runs, on the repo-root appsettings.json, with the small real tone ONNX model as Tier 1 and its own
/// embedded SQLite store in a temporary data directory (tests point DATABASE_URL / REDIS_URL at the test servers instead).
/// Tests add settings (flat KARAOKE_* names or sections), swap engines for fakes, or freeze time.
/// </summary>
internal sealed class AlignApiApplication : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-key-0123456789";

    private readonly TempFolder _data = new();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["KARAOKE_MODEL_DIR"] = Repo.ToneModel,
        ["KARAOKE_MAX_CONCURRENT_ALIGNMENTS"] = "2",
        ["KARAOKE_ALIGN_QUEUE_LIMIT"] = "8",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>This application's data directory (its SQLite file lives there unless DATABASE_URL is set).</summary>
    public string DataDirectory => _data.Path;

    public FakeTimeProvider? Time { get; init; }

    /// <summary>Engines that replace every registered one (the real CTC engine included) when set.</summary>
    public IReadOnlyList<IAlignmentEngine>? Engines { get; init; }

    public Action<IServiceCollection>? ExtraServices { get; init; }

    public T Get<T>()
        where T : notnull => base.Services.GetRequiredService<T>();

    /// <summary>A client that sends <paramref name="apiKey"/> in X-API-Key (none when null).</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }

        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Repo.Root);
        builder.UseSetting("KIARAOKE_DATA_DIR", _data.Path);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (Time is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Time);
            }

            if (Engines is not null)
            {
                services.RemoveAll<IAlignmentEngine>();
                foreach (var engine in Engines)
                {
                    services.AddAlignmentEngine(engine);
                }
            }

            ExtraServices?.Invoke(services);
        });
    }
}

/// <summary>Builders for the two request forms.</summary>
internal static class AlignRequests
{
    public static MultipartFormDataContent Multipart(byte[] audio, string spotifyTrackId, string? lyricsText = null, IDictionary<string, string>? fields = null, string fileName = "vocals.wav")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(audio);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        content.Add(file, "audio", fileName);
        content.Add(new StringContent(spotifyTrackId), "spotify_track_id");
        if (lyricsText is not null)
        {
            content.Add(new StringContent(lyricsText), "lyrics_text");
        }

        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }
}

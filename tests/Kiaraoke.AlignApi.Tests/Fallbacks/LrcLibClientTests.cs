using System.Collections.Concurrent;
using Kiaraoke.AlignApi.Fallbacks;
using Kiaraoke.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

public sealed class LrcLibClientTests
{
    private const string Synced = "[00:12.00]Bonjour toi\n[00:14.50]Comment ça va\n[00:17.00]";

    private static object Record(long id, double duration, string? synced = Synced, string? plain = "Bonjour toi\nComment ça va", bool instrumental = false) => new
    {
        id, name = "Salut", trackName = "Salut", artistName = "Artiste", albumName = "Album", duration, instrumental,
        plainLyrics = instrumental ? null : plain, syncedLyrics = instrumental ? null : synced,
    };

    private static LrcLibClient Client(string url, params (string, string?)[] extra) =>
        FallbackServices.Build([("KARAOKE_LRCLIB_URL", url), .. extra]).GetRequiredService<LrcLibClient>();

    [Fact]
    public async Task Get_finds_synced_lyrics_that_become_line_anchors()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/api/get", (HttpContext c) =>
        {
            seen.Enqueue($"{c.Request.Query["track_name"]}|{c.Request.Query["artist_name"]}|{c.Request.Query["duration"]}|{c.Request.Headers.UserAgent}");
            return Results.Json(Record(42, 183));
        }));

        var result = await Client(server.Url).FindAsync("Artiste", "Salut", 183.4, CancellationToken.None);

        Assert.Equal(LrcLibOutcome.Found, result.Outcome);
        Assert.True(result.IsSynced);
        Assert.Equal(["Salut|Artiste|183.4|Kiaraoke-AlignApi/1.0 (+https://kiaraoke.fr)"], seen);
        var lyrics = result.ToLyrics()!;
        Assert.True(lyrics.HasLineTimes);
        Assert.Equal([12_000, 14_500], lyrics.Lines.Select(l => l.StartMs!.Value));
        Assert.Equal(17_000, lyrics.Lines[^1].EndMs);
    }

    [Fact]
    public async Task A_miss_on_get_falls_back_to_search_filtered_by_duration()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/api/get", () => Results.Json(new { message = "Failed to find specified track", name = "TrackNotFound", statusCode = 404 }, statusCode: 404));
            app.MapGet("/api/search", () => Results.Json(new[]
            {
                Record(1, 240, synced: "[00:01.00]Wrong edit"),   // another edit of the song: 57 s longer
                Record(2, 184.5, synced: null),                    // right length, plain only
                Record(3, 181.9, synced: "[00:10.00]Right one"),  // right length, synced
                Record(4, 190, synced: "[00:01.00]Radio edit"),
            }));
        });

        var result = await Client(server.Url).FindAsync("Artiste", "Salut", 183, CancellationToken.None);

        Assert.Equal(LrcLibOutcome.Found, result.Outcome);
        Assert.Equal(3, result.Record!.Id);
        Assert.Equal("search", result.Detail);
    }

    [Fact]
    public async Task Search_results_of_another_length_are_a_miss()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/api/get", () => Results.NotFound());
            app.MapGet("/api/search", () => Results.Json(new[] { Record(1, 240), Record(2, 100) }));
        });

        var result = await Client(server.Url).FindAsync("Artiste", "Salut", 183, CancellationToken.None);

        Assert.Equal(LrcLibOutcome.NotFound, result.Outcome);
        Assert.Null(result.ToLyrics());
    }

    [Fact]
    public async Task A_200_with_null_lyrics_is_a_miss_and_search_is_tried()
    {
        var searched = false;
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/api/get", () => Results.Json(Record(7, 183, synced: null, plain: null)));
            app.MapGet("/api/search", () =>
            {
                searched = true;
                return Results.Json(Array.Empty<object>());
            });
        });

        var result = await Client(server.Url).FindAsync("Artiste", "Salut", 183, CancellationToken.None);

        Assert.True(searched);
        Assert.Equal(LrcLibOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task Instrumental_tracks_are_reported_as_such()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/api/get", () => Results.Json(Record(9, 183, instrumental: true))));

        var result = await Client(server.Url).FindAsync("Artiste", "Salut", 183, CancellationToken.None);

        Assert.Equal(LrcLibOutcome.Instrumental, result.Outcome);
        Assert.Null(result.LyricsText);
    }

    [Fact]
    public async Task A_decorated_title_is_retried_clean()
    {
        var asked = new ConcurrentQueue<string>();
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/api/get", (HttpContext c) =>
        {
            string title = c.Request.Query["track_name"]!;
            asked.Enqueue(title);
            return title == "Salut" ? Results.Json(Record(5, 183)) : Results.NotFound();
        }));

        var result = await Client(server.Url).FindAsync("Artiste", "Salut (feat. Quelqu'un) - Remastered 2011", 183, CancellationToken.None);

        Assert.Equal(LrcLibOutcome.Found, result.Outcome);
        Assert.Equal(["Salut (feat. Quelqu'un) - Remastered 2011", "Salut"], asked);
    }

    [Theory]
    [InlineData("Salut - Remastered 2011", "Salut")]
    [InlineData("Salut (feat. X)", "Salut")]
    [InlineData("Salut [Live]", "Salut")]
    [InlineData("Salut (Radio Edit)", "Salut")]
    [InlineData("Salut (Tout le monde)", "Salut (Tout le monde)")]
    [InlineData("Live", "Live")]
    public void Titles_are_cleaned_of_edition_suffixes(string title, string expected) => Assert.Equal(expected, LrcLibClient.CleanTitle(title));

    [Fact]
    public async Task A_slow_lrclib_is_a_failure_not_a_miss()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/api/get", async (HttpContext c) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted);
            return Results.NotFound();
        }));

        var result = await Client(server.Url, ("LrcLib:TimeoutSeconds", "1")).FindAsync("Artiste", "Salut", 183, CancellationToken.None);

        Assert.Equal(LrcLibOutcome.Failed, result.Outcome);
    }

    [Fact]
    public async Task A_malformed_answer_is_a_failure()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/api/get", () => Results.Text("<html>oops</html>", "text/html")));

        var result = await Client(server.Url).FindAsync("Artiste", "Salut", 183, CancellationToken.None);

        Assert.Equal(LrcLibOutcome.Failed, result.Outcome);
    }

    [Fact]
    public async Task A_server_error_is_retried_once_then_a_failure()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/api/get", () =>
        {
            Interlocked.Increment(ref calls);
            return Results.StatusCode(500);
        }));

        var result = await Client(server.Url).FindAsync("Artiste", "Salut", 183, CancellationToken.None);

        Assert.Equal(LrcLibOutcome.Failed, result.Outcome);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Lrclib_down_is_a_failure()
    {
        var result = await Client(LocalHttpServer.DeadUrl()).FindAsync("Artiste", "Salut", 183, CancellationToken.None);
        Assert.Equal(LrcLibOutcome.Failed, result.Outcome);
    }

}

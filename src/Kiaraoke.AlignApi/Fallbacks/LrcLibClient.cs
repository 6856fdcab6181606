using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Kiaraoke.Alignment.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>One LRCLib record (<c>/api/get</c> and each <c>/api/search</c> item). Duration in seconds.</summary>
public sealed record LrcLibRecord(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("trackName")] string? TrackName,
    [property: JsonPropertyName("artistName")] string? ArtistName,
    [property: JsonPropertyName("albumName")] string? AlbumName,
    [property: JsonPropertyName("duration")] double? DurationSeconds,
    [property: JsonPropertyName("instrumental")] bool Instrumental,
    [property: JsonPropertyName("plainLyrics")] string? PlainLyrics,
    [property: JsonPropertyName("syncedLyrics")] string? SyncedLyrics)
{
    public bool HasLyrics => !string.IsNullOrWhiteSpace(SyncedLyrics) || !string.IsNullOrWhiteSpace(PlainLyrics);
}

public enum LrcLibOutcome
{
    /// <summary>Lyrics found (synced when <see cref="LrcLibResult.IsSynced"/>).</summary>
    Found,

    /// <summary>LRCLib knows the track and says it has no words.</summary>
    Instrumental,

    NotFound,

    /// <summary>LRCLib could not be asked (timeout, 5xx, malformed answer): treat as "no lyrics", do not cache as a miss.</summary>
    Failed,
}

/// <summary>What a look-up gave, and from which endpoint.</summary>
public sealed record LrcLibResult(LrcLibOutcome Outcome, LrcLibRecord? Record, string Detail)
{
    public bool IsSynced => Outcome == LrcLibOutcome.Found && !string.IsNullOrWhiteSpace(Record?.SyncedLyrics);

    /// <summary>The lyrics as text: the LRC when synced (its line times become Tier-1 anchors), else the plain text.</summary>
    public string? LyricsText => Outcome != LrcLibOutcome.Found ? null : IsSynced ? Record!.SyncedLyrics : Record!.PlainLyrics;

    /// <summary>Parsed lyrics: synced lyrics through <see cref="LrcParser"/> (lines carry their times), plain otherwise.</summary>
    public Lyrics? ToLyrics() => LyricsText is null ? null : IsSynced ? LrcParser.Parse(LyricsText) : PlainLyricsParser.Parse(LyricsText);
}

/// <summary>
/// LRCLib: <c>/api/get</c> by signature (the server matches duration within ±2 s), then, on a miss, <c>/api/search</c>
/// filtered by duration here (the server ignores it there). Misses are keyed on the HTTP status, never on the body.
/// A 200 with both lyric fields null and <c>instrumental:false</c> is a miss; <c>instrumental:true</c> is reported
/// as such. Sends a descriptive User-Agent; the 10 s timeout is the HttpClient's. A singleton over the client factory.
/// </summary>
public sealed partial class LrcLibClient(IHttpClientFactory clients, IOptions<LrcLibOptions> options, ILogger<LrcLibClient> logger)
{
    public const string HttpClientName = "lrclib";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Suffixes that make LRCLib's exact signature match fail: " - Remastered 2011", " (feat. X)", " [Live]".
    [GeneratedRegex(@"\s*(\((feat|ft)\.?[^)]*\)|\[(feat|ft)\.?[^\]]*\]|[\(\[][^)\]]*(remaster|live|version|edit|mix)[^)\]]*[\)\]]|\s-\s.*(remaster|live|version|edit|mix).*)$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleSuffix();

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Url);

    public static string CleanTitle(string title)
    {
        var cleaned = title.Trim();
        while (true)
        {
            var next = TitleSuffix().Replace(cleaned, string.Empty).Trim();
            if (next.Length == 0 || next == cleaned)
            {
                return cleaned;
            }

            cleaned = next;
        }
    }

    public async Task<LrcLibResult> FindAsync(string artistName, string trackName, double? durationSeconds, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return new LrcLibResult(LrcLibOutcome.Failed, null, "LRCLib is not configured");
        }

        var http = clients.CreateClient(HttpClientName);
        try
        {
            var titles = new[] { trackName.Trim(), CleanTitle(trackName) }.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            foreach (var title in titles)
            {
                var got = await GetAsync(http, artistName.Trim(), title, durationSeconds, cancellationToken);
                if (got is not null)
                {
                    return got;
                }
            }

            return await SearchAsync(http, artistName.Trim(), titles[^1], durationSeconds, cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"no answer within {http.Timeout.TotalSeconds:0} s ({e.GetType().Name})");
        }
        catch (HttpRequestException e)
        {
            return Failed($"unreachable or failing ({e.StatusCode?.ToString() ?? e.HttpRequestError.ToString()})");
        }
        catch (JsonException e)
        {
            return Failed($"malformed answer ({e.Message})");
        }
    }

    // Null: a miss here, go on searching.
    private async Task<LrcLibResult?> GetAsync(HttpClient http, string artist, string title, double? durationSeconds, CancellationToken cancellationToken)
    {
        var uri = $"api/get?track_name={Uri.EscapeDataString(title)}&artist_name={Uri.EscapeDataString(artist)}";
        if (durationSeconds is >= 1 and <= 3600)
        {
            uri += "&duration=" + durationSeconds.Value.ToString("0.###", CultureInfo.InvariantCulture);
        }

        using var response = await http.GetAsync(uri, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var record = await ReadAsync<LrcLibRecord>(response, cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (record.Instrumental)
        {
            FallbackLog.LrcLibFound(logger, "get", record.Id, false, true);
            return new LrcLibResult(LrcLibOutcome.Instrumental, record, "get: instrumental");
        }

        if (!record.HasLyrics)
        {
            return null; // A track row without a lyrics row.
        }

        FallbackLog.LrcLibFound(logger, "get", record.Id, !string.IsNullOrWhiteSpace(record.SyncedLyrics), false);
        return new LrcLibResult(LrcLibOutcome.Found, record, "get");
    }

    private async Task<LrcLibResult> SearchAsync(HttpClient http, string artist, string title, double? durationSeconds, CancellationToken cancellationToken)
    {
        var uri = $"api/search?track_name={Uri.EscapeDataString(title)}&artist_name={Uri.EscapeDataString(artist)}";
        using var response = await http.GetAsync(uri, cancellationToken);
        response.EnsureSuccessStatusCode();
        var records = await ReadAsync<LrcLibRecord[]>(response, cancellationToken) ?? [];
        var tolerance = options.Value.DurationToleranceSeconds;
        var candidates = records
            .Where(r => durationSeconds is null || (r.DurationSeconds is { } d && Math.Abs(d - durationSeconds.Value) <= tolerance))
            .ToList();

        var best = candidates
            .Where(r => !r.Instrumental && r.HasLyrics)
            .OrderByDescending(r => !string.IsNullOrWhiteSpace(r.SyncedLyrics))
            .ThenBy(r => durationSeconds is null || r.DurationSeconds is null ? 0 : Math.Abs(r.DurationSeconds.Value - durationSeconds.Value))
            .FirstOrDefault();
        if (best is not null)
        {
            FallbackLog.LrcLibFound(logger, "search", best.Id, !string.IsNullOrWhiteSpace(best.SyncedLyrics), false);
            return new LrcLibResult(LrcLibOutcome.Found, best, "search");
        }

        var instrumental = candidates.FirstOrDefault(r => r.Instrumental);
        if (instrumental is not null)
        {
            FallbackLog.LrcLibFound(logger, "search", instrumental.Id, false, true);
            return new LrcLibResult(LrcLibOutcome.Instrumental, instrumental, "search: instrumental");
        }

        var detail = $"search: {records.Length} results, {candidates.Count} within ±{tolerance:0.#} s, none with lyrics";
        FallbackLog.LrcLibMiss(logger, detail);
        return new LrcLibResult(LrcLibOutcome.NotFound, null, detail);
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonSerializer.Deserialize<T>(body, Json);
    }

    private LrcLibResult Failed(string detail)
    {
        FallbackLog.LrcLibFailed(logger, detail);
        return new LrcLibResult(LrcLibOutcome.Failed, null, detail);
    }
}

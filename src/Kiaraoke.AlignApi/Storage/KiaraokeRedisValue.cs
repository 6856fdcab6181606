using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// The value under <c>word_ts:{spotify}:{yt|any}</c>: a plain JSON string, the shape of Kiaraoke's
/// <c>WordTimestampsCache.to_dict()</c> (snake_case row fields, <c>words</c>/<c>lines</c> inlined, ISO times), plus this
/// service's columns and <c>cache_generation</c>, which Kiaraoke's code ignores. Reading accepts what Kiaraoke writes:
/// <c>to_dict()</c>, or its <c>set()</c> dict with <c>cached_at</c> instead of <c>created_at</c>, naive UTC times from
/// Python's <c>isoformat()</c>, and a null confidence.
/// </summary>
public static class KiaraokeRedisValue
{
    /// <summary>The field naming the track's cache generation the value was read under (absent in Kiaraoke's values).</summary>
    public const string GenerationField = "cache_generation";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Write(StoredTimestamps entry, long? generation)
    {
        var node = JsonSerializer.SerializeToNode(WordTimestampsRow.From(entry), Options)!.AsObject();
        if (generation is { } value)
        {
            node[GenerationField] = value;
        }

        return node.ToJsonString();
    }

    /// <summary>The entry and the generation it carries (null for a value Kiaraoke wrote); throws <see cref="JsonException"/> when it is not such a value.</summary>
    public static (StoredTimestamps Entry, long? Generation) Read(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("The cached value is not a JSON object.");
        if (node["created_at"] is null && node["cached_at"] is { } cachedAt)
        {
            node["created_at"] = cachedAt.DeepClone();
        }

        foreach (var field in (string[])["created_at", "expires_at"])
        {
            if (node[field] is JsonValue time && time.TryGetValue<string>(out var text))
            {
                node[field] = AsUtc(text);
            }
        }

        long? generation = node[GenerationField] is JsonValue g && g.TryGetValue<long>(out var n) ? n : null;
        var row = node.Deserialize<WordTimestampsRow>(Options) ?? throw new JsonException("An empty cache entry.");
        if (string.IsNullOrEmpty(row.SpotifyTrackId) || string.IsNullOrEmpty(row.Source))
        {
            throw new JsonException("The cached value has no spotify_track_id or source.");
        }

        return (row.ToEntry(), generation);
    }

    /// <summary>Python's naive <c>datetime.utcnow().isoformat()</c> has no offset: it is UTC.</summary>
    private static string AsUtc(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time.ToString("O", CultureInfo.InvariantCulture)
            : text;
}

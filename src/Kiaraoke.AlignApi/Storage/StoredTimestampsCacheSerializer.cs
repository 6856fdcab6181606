using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Hybrid;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// How an entry travels through Redis: the <c>word_timestamps_cache</c> row as snake_case JSON, with <c>words</c> and
/// <c>lines</c> inlined in Kiaraoke's camelCase shape, so a cached value reads like the row it came from.
/// </summary>
public sealed class StoredTimestampsCacheSerializer : IHybridCacheSerializer<StoredTimestamps>
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public StoredTimestamps Deserialize(ReadOnlySequence<byte> source)
    {
        var reader = new Utf8JsonReader(source);
        var row = JsonSerializer.Deserialize<WordTimestampsRow>(ref reader, Options) ?? throw new JsonException("An empty cache entry.");
        return row.ToEntry();
    }

    public void Serialize(StoredTimestamps value, IBufferWriter<byte> target)
    {
        using var writer = new Utf8JsonWriter(target);
        JsonSerializer.Serialize(writer, WordTimestampsRow.From(value), Options);
    }
}

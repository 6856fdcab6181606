using System.Text.Json;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>The JSON settings of stored words and lines: the DTOs carry their own camelCase names; numbers stay numbers.</summary>
internal static class StoredJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNameCaseInsensitive = false,
    };
}

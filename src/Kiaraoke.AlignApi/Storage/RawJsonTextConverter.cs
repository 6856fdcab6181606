using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>A string that already holds JSON: written as that JSON, and any JSON value read back as its text.</summary>
internal sealed class RawJsonTextConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteRawValue(value, skipInputValidation: true);
}

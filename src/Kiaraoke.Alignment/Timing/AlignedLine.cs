using System.Text.Json.Serialization;

namespace Kiaraoke.Alignment.Timing;

/// <summary>One lyric line: first word's start to last word's end.</summary>
public sealed record AlignedLine(
    [property: JsonPropertyName("startMs")] int StartMs,
    [property: JsonPropertyName("endMs")] int EndMs,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("words")] IReadOnlyList<AlignedWord> Words);

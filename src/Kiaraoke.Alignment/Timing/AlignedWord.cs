using System.Text.Json.Serialization;

namespace Kiaraoke.Alignment.Timing;

/// <summary>One lyric word with its times in integer milliseconds (Kiaraoke JSON: word, startMs, endMs, confidence).</summary>
public sealed record AlignedWord(
    [property: JsonPropertyName("word")] string Word,
    [property: JsonPropertyName("startMs")] int StartMs,
    [property: JsonPropertyName("endMs")] int EndMs,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("timing")] WordTimingSource Timing = WordTimingSource.Acoustic);

using System.Text.Json.Serialization;

namespace Kiaraoke.Alignment.Timing;

/// <summary>How a word got its times.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WordTimingSource>))]
public enum WordTimingSource
{
    /// <summary>Placed by the acoustic alignment.</summary>
    [JsonStringEnumMemberName("acoustic")]
    Acoustic,

    /// <summary>Nothing to align (a number, "(x2)", an emoji): times interpolated between its neighbours, confidence 0.</summary>
    [JsonStringEnumMemberName("interpolated")]
    Interpolated,

    /// <summary>Its line could not be aligned acoustically: spread by character count over the line's window.</summary>
    [JsonStringEnumMemberName("line_spread")]
    LineSpread,
}

/// <summary>One lyric word with its times in integer milliseconds (Kiaraoke JSON: word, startMs, endMs, confidence).</summary>
public sealed record AlignedWord(
    [property: JsonPropertyName("word")] string Word,
    [property: JsonPropertyName("startMs")] int StartMs,
    [property: JsonPropertyName("endMs")] int EndMs,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("timing")] WordTimingSource Timing = WordTimingSource.Acoustic);

/// <summary>One lyric line: first word's start to last word's end.</summary>
public sealed record AlignedLine(
    [property: JsonPropertyName("startMs")] int StartMs,
    [property: JsonPropertyName("endMs")] int EndMs,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("words")] IReadOnlyList<AlignedWord> Words);

/// <summary>Wall time of each stage of one alignment.</summary>
public sealed record StageTimings(TimeSpan Decode, TimeSpan Emissions, TimeSpan Viterbi, TimeSpan PostProcess)
{
    public TimeSpan Total => Decode + Emissions + Viterbi + PostProcess;
}

/// <summary>The aligned lyrics of one song.</summary>
public sealed record AlignmentResult(IReadOnlyList<AlignedLine> Lines, int DurationMs, StageTimings Timings)
{
    public IEnumerable<AlignedWord> Words => Lines.SelectMany(l => l.Words);

    public int WordCount => Lines.Sum(l => l.Words.Count);

    /// <summary>
    /// Tier 1 only: how much better the lyrics fit than a shuffle of themselves, in nats per character
    /// (<see cref="Quality.DecoyLyrics"/>); about 0 for another song's lyrics; null when not measured.
    /// </summary>
    [JsonIgnore]
    public Quality.DecoyFit? DecoyFit { get; init; }

    /// <summary>Mean word confidence (0..1), every word counted, interpolated ones at 0.</summary>
    public double ConfidenceAverage => WordCount == 0 ? 0 : Words.Average(w => w.Confidence);

    /// <summary>With line times: the whole-file offset applied and the anchors not met; null without line times.</summary>
    public Anchors.AnchorReport? Anchors { get; init; }
}

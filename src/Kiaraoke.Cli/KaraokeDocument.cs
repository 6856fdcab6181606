using System.Text.Json;
using System.Text.Json.Serialization;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Cli;

/// <summary>The Kiaraoke word-timestamp JSON (contracts §1.1) plus the alignment's own metadata.</summary>
internal sealed record KaraokeDocument(
    [property: JsonPropertyName("syncType")] string SyncType,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("confidence_avg")] double ConfidenceAverage,
    [property: JsonPropertyName("word_count")] int WordCount,
    [property: JsonPropertyName("duration_ms")] int DurationMs,
    [property: JsonPropertyName("quality")] KaraokeQuality Quality,
    [property: JsonPropertyName("lines")] IReadOnlyList<AlignedLine> Lines,
    [property: JsonPropertyName("words")] IReadOnlyList<AlignedWord> Words)
{
    public const string CtcSource = "kiaraoke_ctc";

    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static KaraokeDocument From(AlignmentResult result, string language, string modelVersion)
    {
        var confidence = Math.Round(result.ConfidenceAverage, 3);
        return new KaraokeDocument(
            "WORD_SYNCED",
            "found",
            CtcSource,
            language,
            modelVersion,
            confidence,
            result.WordCount,
            result.DurationMs,
            new KaraokeQuality(confidence, result.WordCount, result.Anchors?.LrcOffsetMs, result.Anchors?.UnmetAnchors),
            result.Lines,
            result.Words.ToArray());
    }
}

internal sealed record KaraokeQuality(
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("word_count")] int WordCount,
    [property: JsonPropertyName("lrc_offset_ms"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? LrcOffsetMs = null,
    [property: JsonPropertyName("unmet_anchors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UnmetAnchors = null);

using System.Text.Json;
using System.Text.Json.Serialization;
using Kiaraoke.AlignApi.Contracts;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// The EF Core entity of <c>word_timestamps_cache</c>: Kiaraoke's columns (contracts §1.4) plus the ones this service
/// adds to decide reuse. <see cref="Words"/> and <see cref="Lines"/> hold Kiaraoke's camelCase JSON (JSONB in
/// PostgreSQL, TEXT in SQLite) with integer milliseconds.
/// </summary>
public sealed class WordTimestampsRow
{
    [JsonIgnore]
    public int Id { get; set; }

    public string SpotifyTrackId { get; set; } = string.Empty;

    public string? YoutubeVideoId { get; set; }

    [JsonConverter(typeof(RawJsonTextConverter))]
    public string Words { get; set; } = "[]";

    [JsonConverter(typeof(RawJsonTextConverter))]
    public string Lines { get; set; } = "[]";

    public string Source { get; set; } = string.Empty;

    public string? Language { get; set; }

    public string? ModelVersion { get; set; }

    /// <summary>Which tier made the row (<c>ctc</c>, <c>shared_whisper</c>, <c>groq_whisper</c>, <c>ctc+whisper_segments</c>, <c>user</c>).</summary>
    public string? AlignmentEngine { get; set; }

    public string? AlignmentEngineVersion { get; set; }

    public string? ModelId { get; set; }

    public string? ModelRevision { get; set; }

    public string? PostprocessFlags { get; set; }

    public int? TierUsed { get; set; }

    public string? FallbackReason { get; set; }

    public double? ConfidenceAvg { get; set; }

    /// <summary>The LRC offset Tier 1 applied (ms); null without line times, for other tiers and for Kiaraoke's rows.</summary>
    public int? LrcOffsetMs { get; set; }

    /// <summary>The line and word anchors Tier 1 could not meet; null without line times, for other tiers and for Kiaraoke's rows.</summary>
    public int? UnmetAnchors { get; set; }

    public int? WordCount { get; set; }

    public int? DurationMs { get; set; }

    public string? ArtistName { get; set; }

    public string? TrackName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public static WordTimestampsRow From(StoredTimestamps entry)
    {
        var lines = entry.Lines.Select(ToDto).ToArray();
        return new WordTimestampsRow
        {
            SpotifyTrackId = entry.Key.SpotifyTrackId,
            YoutubeVideoId = entry.Key.YoutubeVideoId,
            Words = JsonSerializer.Serialize(lines.SelectMany(l => l.Words).ToArray(), StoredJson.Options),
            Lines = JsonSerializer.Serialize(lines, StoredJson.Options),
            Source = Clip(entry.Source, 32),
            Language = Clip(entry.Language, 8),
            ModelVersion = StoredModelVersion(entry.ModelVersion),
            AlignmentEngine = entry.IsUserCorrected ? "user" : WordTimestampsResponse.TierName(entry),
            AlignmentEngineVersion = Clip(entry.EngineVersion, 32),
            ModelId = Clip(entry.ModelId, 128),
            ModelRevision = Clip(entry.ModelRevision, 64),
            PostprocessFlags = Clip(entry.PostprocessFlags, 128),
            TierUsed = entry.TierUsed,
            FallbackReason = entry.FallbackReason,
            ConfidenceAvg = Math.Round(entry.ConfidenceAverage, 3),
            LrcOffsetMs = entry.LrcOffsetMs,
            UnmetAnchors = entry.UnmetAnchors,
            WordCount = entry.WordCount,
            DurationMs = entry.DurationMs,
            ArtistName = Clip(entry.ArtistName, 255),
            TrackName = Clip(entry.TrackName, 255),
            CreatedAt = entry.CreatedAt,
            ExpiresAt = entry.ExpiresAt,
        };
    }

    /// <summary>
    /// Back to the service's model. Rows written by Kiaraoke's worker lack the service's columns: they come back with
    /// empty versions and tier 0, so the coordinator recomputes them (unless they are user corrections).
    /// </summary>
    public StoredTimestamps ToEntry()
    {
        var lines = JsonSerializer.Deserialize<WordLineDto[]>(Lines, StoredJson.Options) ?? [];
        var aligned = lines
            .Select(l => new AlignedLine(l.StartMs, l.EndMs, l.Text ?? string.Empty, (l.Words ?? []).Select(w => new AlignedWord(w.Word, w.StartMs, w.EndMs, w.Confidence)).ToArray()))
            .ToArray();
        return new StoredTimestamps(
            new TrackKey(SpotifyTrackId, YoutubeVideoId),
            Source,
            Language ?? string.Empty,
            ModelVersion ?? string.Empty,
            AlignmentEngineVersion ?? string.Empty,
            TierUsed ?? 0,
            FallbackReason,
            aligned,
            ConfidenceAvg ?? 0,
            WordCount ?? aligned.Sum(l => l.Words.Count),
            DurationMs ?? (aligned.Length == 0 ? 0 : aligned[^1].EndMs),
            ArtistName,
            TrackName,
            CreatedAt,
            ExpiresAt,
            PostprocessFlags ?? string.Empty)
        {
            LrcOffsetMs = LrcOffsetMs,
            UnmetAnchors = UnmetAnchors,
        };
    }

    /// <summary>
    /// A model_version as the table keeps it (Kiaraoke's VARCHAR(50)): reuse decisions compare these, never the
    /// unclipped name, or a long model name would never match its own stored rows.
    /// </summary>
    public static string StoredModelVersion(string modelVersion) => Clip(modelVersion, 50);

    /// <summary>Kiaraoke's narrowest column widths (its worker's DDL): a longer value would fail the whole write.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    private static string? Clip(string? value, int length) => value is { Length: var n } && n > length ? value[..length] : value;

    private static WordLineDto ToDto(AlignedLine line) =>
        new(line.StartMs, line.EndMs, line.Text, line.Words.Select(w => new WordDto(w.Word, w.StartMs, w.EndMs, Math.Round(w.Confidence, 3))).ToArray());
}

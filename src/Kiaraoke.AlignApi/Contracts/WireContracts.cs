using System.ComponentModel;
using System.Text.Json.Serialization;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Contracts;

/// <summary>One LRCLib-style synced line (Kiaraoke's <c>lyrics_cache.synced_lines</c>).</summary>
public sealed record SyncedLineDto(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("startTimeMs")] int StartTimeMs,
    [property: JsonPropertyName("endTimeMs")] int? EndTimeMs = null);

/// <summary>POST /align as JSON: the vocals are a file under the configured vocals root.</summary>
public sealed record AlignJsonRequest
{
    [JsonPropertyName("spotify_track_id")]
    [Description("Spotify track id (letters, digits, '-', '_'; at most 64).")]
    public string? SpotifyTrackId { get; init; }

    [JsonPropertyName("youtube_video_id")]
    [Description("YouTube video id of the vocals; omitted = video-independent.")]
    public string? YoutubeVideoId { get; init; }

    [JsonPropertyName("language")]
    [Description("ISO 639-1 code; default fr.")]
    public string? Language { get; init; }

    [JsonPropertyName("lyrics_text")]
    [Description("Plain lyrics: one sung line per line, a blank line between paragraphs.")]
    public string? LyricsText { get; init; }

    [JsonPropertyName("lrc")]
    [Description("LRC lyrics (line tags, optional Enhanced-LRC word tags).")]
    public string? Lrc { get; init; }

    [JsonPropertyName("synced_lines")]
    [Description("LRCLib synced lines; exactly one of lyrics_text, lrc, synced_lines.")]
    public IReadOnlyList<SyncedLineDto>? SyncedLines { get; init; }

    [JsonPropertyName("artist_name")]
    public string? ArtistName { get; init; }

    [JsonPropertyName("track_name")]
    public string? TrackName { get; init; }

    [JsonPropertyName("force_regenerate")]
    [Description("Recompute even when a valid cached entry exists.")]
    public bool? ForceRegenerate { get; init; }

    [JsonPropertyName("vocalsPath")]
    [Description("Path of the separated vocals, relative to the vocals root (KARAOKE_VOCALS_ROOT), e.g. cache/{youtube_video_id}/vocals.wav.")]
    public string? VocalsPath { get; init; }
}

/// <summary>POST /align as multipart/form-data: the vocals are uploaded in the part named <c>audio</c>.</summary>
public sealed record AlignFormRequest
{
    [JsonPropertyName("audio")]
    [Description("The separated vocals (any format ffmpeg decodes).")]
    public required IFormFile Audio { get; init; }

    [JsonPropertyName("spotify_track_id")]
    public required string SpotifyTrackId { get; init; }

    [JsonPropertyName("youtube_video_id")]
    public string? YoutubeVideoId { get; init; }

    [JsonPropertyName("language")]
    public string? Language { get; init; }

    [JsonPropertyName("lyrics_text")]
    public string? LyricsText { get; init; }

    [JsonPropertyName("lrc")]
    public string? Lrc { get; init; }

    [JsonPropertyName("synced_lines")]
    [Description("JSON array of {text, startTimeMs, endTimeMs}.")]
    public string? SyncedLines { get; init; }

    [JsonPropertyName("artist_name")]
    public string? ArtistName { get; init; }

    [JsonPropertyName("track_name")]
    public string? TrackName { get; init; }

    [JsonPropertyName("force_regenerate")]
    public bool? ForceRegenerate { get; init; }
}

public sealed record WordDto(
    [property: JsonPropertyName("word")] string Word,
    [property: JsonPropertyName("startMs")] int StartMs,
    [property: JsonPropertyName("endMs")] int EndMs,
    [property: JsonPropertyName("confidence")] double Confidence);

public sealed record WordLineDto(
    [property: JsonPropertyName("startMs")] int StartMs,
    [property: JsonPropertyName("endMs")] int EndMs,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("words")] IReadOnlyList<WordDto> Words);

/// <summary>
/// How good the result is: mean word confidence and word count; with LRC line times (Tier 1), also the whole-file
/// offset the aligner applied to them (<c>lrc_offset_ms</c>, + = sung later than written) and the line and word anchors
/// it could not meet as given (<c>unmet_anchors</c>) — both absent otherwise. Stored with the row, so a cached answer
/// says the same as the fresh one.
/// </summary>
public sealed record QualityDto(
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("word_count")] int WordCount,
    [property: JsonPropertyName("lrc_offset_ms"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? LrcOffsetMs = null,
    [property: JsonPropertyName("unmet_anchors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UnmetAnchors = null);

/// <summary>Kiaraoke's WordTimestampsResponse (contracts §1.1) plus which tier made it, with which model, and why earlier tiers were skipped.</summary>
public sealed record WordTimestampsResponse(
    [property: JsonPropertyName("syncType")] string SyncType,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("language"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Language = null,
    [property: JsonPropertyName("quality"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QualityDto? Quality = null,
    [property: JsonPropertyName("cachedAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CachedAt = null,
    [property: JsonPropertyName("lines"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WordLineDto>? Lines = null,
    [property: JsonPropertyName("words"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WordDto>? Words = null,
    [property: JsonPropertyName("tier_used"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TierUsed = null,
    [property: JsonPropertyName("model_version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ModelVersion = null,
    [property: JsonPropertyName("fallback_reason")] string? FallbackReason = null)
{
    public static WordTimestampsResponse NotFound { get; } = new("none", "not_found", "none");

    public static WordTimestampsResponse From(StoredTimestamps entry)
    {
        var lines = entry.Lines.Select(ToDto).ToArray();
        return new WordTimestampsResponse(
            "WORD_SYNCED",
            "found",
            entry.Source,
            entry.Language,
            new QualityDto(entry.ConfidenceAverage, entry.WordCount, entry.LrcOffsetMs, entry.UnmetAnchors),
            entry.CreatedAt,
            lines,
            lines.SelectMany(l => l.Words).ToArray(),
            TierName(entry),
            entry.ModelVersion,
            entry.FallbackReason);
    }

    /// <summary>
    /// The tier as Kiaraoke names its engines: <c>ctc</c>, <c>shared_whisper</c>, <c>groq_whisper</c>, or
    /// <c>ctc+whisper_segments</c> for a Tier-1 result whose weak lines were re-timed from Whisper; <c>user</c> for a correction.
    /// </summary>
    internal static string TierName(StoredTimestamps entry) =>
        entry.IsUserCorrected ? "user"
        : entry.Source == Kiaraoke.AlignApi.Fallbacks.SegmentFallbackResult.TierUsed
            ? Kiaraoke.AlignApi.Fallbacks.SegmentFallbackResult.TierUsed
            : (AlignmentTier)entry.TierUsed switch
            {
                AlignmentTier.Ctc => "ctc",
                AlignmentTier.SharedWhisper => "shared_whisper",
                AlignmentTier.GroqWhisper => "groq_whisper",
                var other => other.ToString().ToLowerInvariant(),
            };

    private static WordLineDto ToDto(AlignedLine line) =>
        new(line.StartMs, line.EndMs, line.Text, line.Words.Select(w => new WordDto(w.Word, w.StartMs, w.EndMs, Math.Round(w.Confidence, 3))).ToArray());
}

public sealed record InvalidatedResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("spotify_track_id")] string SpotifyTrackId,
    [property: JsonPropertyName("removed")] int Removed);

public sealed record Tier1SwitchRequest([property: JsonPropertyName("enabled")] bool Enabled);

public sealed record Tier1StatusResponse(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("breaker_state")] string BreakerState,
    [property: JsonPropertyName("available")] bool Available,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("unavailable_reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnavailableReason = null);

/// <summary>A word of a correction; confidence defaults to 1 (a person set it).</summary>
public sealed record CorrectedWordDto(
    [property: JsonPropertyName("word")] string? Word,
    [property: JsonPropertyName("startMs")] int? StartMs,
    [property: JsonPropertyName("endMs")] int? EndMs,
    [property: JsonPropertyName("confidence")] double? Confidence = null);

/// <summary>A line of a correction; its span defaults to its words' span, its text to its words joined by spaces.</summary>
public sealed record CorrectedLineDto(
    [property: JsonPropertyName("words")] IReadOnlyList<CorrectedWordDto?>? Words,
    [property: JsonPropertyName("startMs")] int? StartMs = null,
    [property: JsonPropertyName("endMs")] int? EndMs = null,
    [property: JsonPropertyName("text")] string? Text = null);

/// <summary>PUT /timestamps/{spotifyTrackId}/words: a corrected set in Kiaraoke's line shape (integer milliseconds).</summary>
public sealed record CorrectedTimestampsRequest
{
    [JsonPropertyName("lines")]
    [Description("The corrected lines, in order: [{startMs, endMs, text, words: [{word, startMs, endMs, confidence?}]}].")]
    public IReadOnlyList<CorrectedLineDto?>? Lines { get; init; }

    [JsonPropertyName("language")]
    [Description("ISO 639-1 code; default fr.")]
    public string? Language { get; init; }

    [JsonPropertyName("duration_ms")]
    [Description("Length of the audio in ms, if known: no word may end after it.")]
    public int? DurationMs { get; init; }

    [JsonPropertyName("artist_name")]
    public string? ArtistName { get; init; }

    [JsonPropertyName("track_name")]
    public string? TrackName { get; init; }
}

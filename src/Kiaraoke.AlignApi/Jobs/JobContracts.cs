using System.Text.Json.Serialization;

namespace Kiaraoke.AlignApi.Jobs;

/// <summary>
/// Kiaraoke's <c>POST …/word-timestamps/generate</c> answer: status <c>queued</c> (with task_id), <c>cached</c> (a valid
/// entry exists and force_regenerate is false) or <c>error</c>.
/// </summary>
public sealed record GenerateResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("task_id")] string? TaskId,
    [property: JsonPropertyName("message")] string Message);

/// <summary>
/// Kiaraoke's <c>GET …/word-timestamps/task/{task_id}</c> answer (Celery's AsyncResult as their router returns it):
/// status PENDING, STARTED, PROGRESS, SUCCESS or FAILURE; successful is null until ready; result only on success;
/// error only on failure.
/// </summary>
public sealed record TaskStatusResponse(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("successful")] bool? Successful,
    [property: JsonPropertyName("result")] System.Text.Json.JsonElement? Result,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>Counts of a catalogue re-alignment, as it goes (<c>GET /admin/realign/{task_id}</c>) and in its result.</summary>
public sealed record RealignProgress(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("realigned")] int Realigned,
    [property: JsonPropertyName("skipped_no_audio")] int SkippedNoAudio,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("last_row_id")] int LastRowId);

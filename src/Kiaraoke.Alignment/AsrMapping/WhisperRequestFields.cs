using System.Globalization;
using System.Text;

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// The text parts of the two Whisper requests Tier 2 sends, in one place for the service and the bench (which must
/// speak exactly as the service does): shared-whisper's <c>asr?…</c> query and the form fields of Groq's
/// OpenAI-compatible transcription call. The audio part and the HTTP message are the callers' own.
/// </summary>
public static class WhisperRequestFields
{
    /// <summary>The service's default for shared-whisper's Silero VAD (it skips instrumental parts where Whisper invents words).</summary>
    public const bool DefaultVadFilter = true;

    /// <summary>A language as both servers expect it: trimmed, lower case; null when none is given.</summary>
    public static string? Language(string? language) =>
        string.IsNullOrWhiteSpace(language) ? null : language.Trim().ToLower(CultureInfo.InvariantCulture);

    /// <summary>The relative <c>asr?…</c> URI of a shared-whisper transcription, every value URL-encoded.</summary>
    public static string SharedWhisperQuery(string? language, string? initialPrompt, bool vadFilter)
    {
        var query = new StringBuilder("asr?task=transcribe&output=json&encode=true&word_timestamps=true");
        query.Append("&vad_filter=").Append(vadFilter ? "true" : "false");
        if (Language(language) is { } code)
        {
            query.Append("&language=").Append(Uri.EscapeDataString(code));
        }

        if (initialPrompt is not null)
        {
            query.Append("&initial_prompt=").Append(Uri.EscapeDataString(initialPrompt));
        }

        return query.ToString();
    }

    /// <summary>Groq's form fields besides the file, in the order sent: model, verbose JSON with word and segment times, temperature 0, then language and prompt when given.</summary>
    public static IReadOnlyList<(string Name, string Value)> GroqFormFields(string model, string? language, string? prompt)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("model", model),
            ("response_format", "verbose_json"),
            ("timestamp_granularities[]", "word"),
            ("timestamp_granularities[]", "segment"),
            ("temperature", "0"),
        };
        if (Language(language) is { } code)
        {
            fields.Add(("language", code));
        }

        if (prompt is not null)
        {
            fields.Add(("prompt", prompt));
        }

        return fields;
    }
}

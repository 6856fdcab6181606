using Kiaraoke.Alignment.AsrMapping;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>
/// One transcription request: the audio file, its duration (the time-unit guard needs it), the language (ISO 639-1)
/// and the known lyrics, sent as a prompt only — the words themselves come back through <see cref="AsrLyricsMapper"/>.
/// </summary>
public sealed record AsrRequest(string AudioPath, double DurationSeconds, string? Language, string? LyricsText);

/// <summary>A Whisper back end reached over HTTP (shared-whisper, Groq).</summary>
public interface ISpeechToText
{
    /// <summary>Short stable name, used as <c>source</c> and in logs: <c>shared_whisper</c>, <c>groq_whisper</c>.</summary>
    string Name { get; }

    /// <summary>The model version recorded with results (<c>shared-whisper-large-v3-turbo</c>, ...).</summary>
    string ModelVersion { get; }

    /// <summary>False when the back end cannot be called at all (no URL, no key): the router skips it.</summary>
    bool IsConfigured { get; }

    /// <summary>Transcribes with word times in seconds, checked by the time-unit guard. Throws <see cref="AsrBackendException"/>.</summary>
    Task<AsrTranscript> TranscribeAsync(AsrRequest request, CancellationToken cancellationToken);
}

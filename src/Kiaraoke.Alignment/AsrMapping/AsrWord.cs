namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// One word as a Whisper back end recognised it. Times are in seconds from the start of the audio, already checked
/// by <see cref="AsrTimeUnitGuard"/>; <see cref="Probability"/> is null when the back end gives none (Groq).
/// </summary>
public sealed record AsrWord(string Text, double StartSeconds, double EndSeconds, double? Probability = null)
{
    public double MidSeconds => (StartSeconds + EndSeconds) / 2;
}

/// <summary>One ASR segment (Whisper's own line-like unit), in seconds.</summary>
public sealed record AsrSegment(double StartSeconds, double EndSeconds, string Text);

/// <summary>
/// A whole transcription in seconds: its words in time order and its segments (which give lines when no lyrics are
/// known). <see cref="Language"/> is whatever the back end reported, when it did.
/// </summary>
public sealed record AsrTranscript(IReadOnlyList<AsrWord> Words, IReadOnlyList<AsrSegment> Segments, string? Language = null);

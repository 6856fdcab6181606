namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// A whole transcription in seconds: its words in time order and its segments (which give lines when no lyrics are
/// known). <see cref="Language"/> is whatever the back end reported, when it did.
/// </summary>
public sealed record AsrTranscript(IReadOnlyList<AsrWord> Words, IReadOnlyList<AsrSegment> Segments, string? Language = null);

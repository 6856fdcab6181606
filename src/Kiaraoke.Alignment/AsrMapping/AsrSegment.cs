namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>One ASR segment (Whisper's own line-like unit), in seconds.</summary>
public sealed record AsrSegment(double StartSeconds, double EndSeconds, string Text);

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>A transcription could not give a result: no usable word was left once hallucinations were removed.</summary>
public sealed class AsrMappingException(string message) : Exception(message);

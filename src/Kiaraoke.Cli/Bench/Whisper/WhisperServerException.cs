namespace Kiaraoke.Cli.Bench.Whisper;

/// <summary>The Whisper server could not be reached, refused the request, or answered something that is not a transcription.</summary>
internal sealed class WhisperServerException(string message, Exception? inner = null) : Exception(message, inner);

namespace Kiaraoke.Alignment.Audio;

/// <summary>Why an audio input could not be turned into samples. The message is meant for the person who supplied the file.</summary>
public sealed class AudioDecodeException(AudioDecodeError error, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public AudioDecodeError Error { get; } = error;
}

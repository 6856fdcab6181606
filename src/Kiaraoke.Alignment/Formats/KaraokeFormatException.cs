namespace Kiaraoke.Alignment.Formats;

/// <summary>A karaoke file that cannot be read back: the message says which line and what is wrong.</summary>
public sealed class KaraokeFormatException(string message) : Exception(message);

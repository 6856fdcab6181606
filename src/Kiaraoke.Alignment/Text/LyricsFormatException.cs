namespace Kiaraoke.Alignment.Text;

/// <summary>The lyrics cannot be used: not UTF-8, no words, or a malformed time tag. The message says where.</summary>
public sealed class LyricsFormatException(string message) : Exception(message);

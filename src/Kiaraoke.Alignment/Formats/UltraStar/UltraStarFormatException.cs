namespace Kiaraoke.Alignment.Formats.UltraStar;

/// <summary>The note file cannot be read. The message names the line and what is wrong with it.</summary>
public sealed class UltraStarFormatException(string message) : Exception(message);

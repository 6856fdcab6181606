namespace Kiaraoke.Alignment.Ctc;

/// <summary>The text cannot be placed on the audio (for example it needs more frames than the audio has).</summary>
public sealed class CtcAlignmentException(string message) : Exception(message);

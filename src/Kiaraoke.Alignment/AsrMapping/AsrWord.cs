namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// One word as a Whisper back end recognised it. Times are in seconds from the start of the audio, already checked
/// by <see cref="AsrTimeUnitGuard"/>; <see cref="Probability"/> is null when the back end gives none (Groq).
/// </summary>
public sealed record AsrWord(string Text, double StartSeconds, double EndSeconds, double? Probability = null)
{
    public double MidSeconds => (StartSeconds + EndSeconds) / 2;
}

namespace Kiaraoke.Alignment.Timing;

/// <summary>A timeline breaks the timing contract (or cannot be made to honour it).</summary>
public sealed class TimingContractException(string message) : Exception(message);

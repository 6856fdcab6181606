namespace Kiaraoke.Alignment.Timing;

/// <summary>A word's provisional times before the timeline is made valid. Null times: nothing to align.</summary>
public readonly record struct ProvisionalWord(int? StartMs, int? EndMs, double Confidence, WordTimingSource Timing);

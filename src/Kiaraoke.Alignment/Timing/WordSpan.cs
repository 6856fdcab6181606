namespace Kiaraoke.Alignment.Timing;

/// <summary>A word's place before unit conversion: frames [StartFrame, EndFrame) and mean character probability.</summary>
public readonly record struct WordSpan(int StartFrame, int EndFrame, double Confidence);

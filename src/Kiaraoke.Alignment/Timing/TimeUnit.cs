namespace Kiaraoke.Alignment.Timing;

/// <summary>The units a list of times may be expressed in. Converting between them is always explicit.</summary>
public enum TimeUnit
{
    Unknown,
    Seconds,
    Milliseconds,
    Frames,
}

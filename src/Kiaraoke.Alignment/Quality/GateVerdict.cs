namespace Kiaraoke.Alignment.Quality;

/// <summary>
/// A gate's answer: whether the result passed, why not (<see cref="Reason"/> is null when it did), and the quality it
/// measured.
/// </summary>
public sealed record GateVerdict(bool Passed, string? Reason, AlignmentQuality Quality);

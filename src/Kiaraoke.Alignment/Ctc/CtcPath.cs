namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// The best CTC path: for each frame, the index of the target token it emits (−1 for blank) and the log-probability
/// of the emitted label at that frame.
/// </summary>
public sealed record CtcPath(int[] TokenIndexPerFrame, float[] FrameLogProb, double TotalLogProb);

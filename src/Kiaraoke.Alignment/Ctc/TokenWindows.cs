namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// For each target token, the frames <c>[FirstFrame, EndFrame)</c> in which the Viterbi path may emit it. Line anchors
/// use it to keep each line's characters near the line's annotated time while the whole song stays one global path.
/// Blank states are never constrained: a path can only sit in a blank between two tokens it emitted inside
/// their windows.
/// </summary>
public sealed class TokenWindows
{
    public TokenWindows(int[] firstFrame, int[] endFrame)
    {
        if (firstFrame.Length != endFrame.Length)
        {
            throw new ArgumentException($"Token windows need as many starts ({firstFrame.Length}) as ends ({endFrame.Length}).");
        }

        for (var i = 0; i < firstFrame.Length; i++)
        {
            if (firstFrame[i] < 0 || endFrame[i] < firstFrame[i])
            {
                throw new ArgumentException($"Token window {i} is [{firstFrame[i]}, {endFrame[i]}): it must start at 0 or later and not end before it starts.");
            }
        }

        FirstFrame = firstFrame;
        EndFrame = endFrame;
    }

    /// <summary>Per token, the first frame it may be emitted on.</summary>
    public int[] FirstFrame { get; }

    /// <summary>Per token, the frame after the last one it may be emitted on (exclusive).</summary>
    public int[] EndFrame { get; }

    public int Count => FirstFrame.Length;

    public bool Allows(int token, int frame) => frame >= FirstFrame[token] && frame < EndFrame[token];
}

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// For each target token, the frames <c>[First, End)</c> in which the Viterbi path may emit it. Line anchors use it
/// to keep each line's characters near the line's annotated time while the whole song stays one global path.
/// Blank states are never constrained: a path can only sit in a blank between two tokens it emitted inside
/// their windows.
/// </summary>
public sealed class TokenWindows
{
    public TokenWindows(int[] first, int[] end)
    {
        if (first.Length != end.Length)
        {
            throw new ArgumentException($"Token windows need as many starts ({first.Length}) as ends ({end.Length}).");
        }

        for (var i = 0; i < first.Length; i++)
        {
            if (first[i] < 0 || end[i] < first[i])
            {
                throw new ArgumentException($"Token window {i} is [{first[i]}, {end[i]}): it must start at 0 or later and not end before it starts.");
            }
        }

        First = first;
        End = end;
    }

    public int[] First { get; }

    public int[] End { get; }

    public int Count => First.Length;

    public bool Allows(int token, int frame) => frame >= First[token] && frame < End[token];
}

using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// For lines whose only time is a start (an LRC, Kiaraoke's synced lines: no sung end, so no
/// <see cref="LineSpreadPrior"/>), a soft prior on the line's first character: flat within ±σ of the line's start,
/// falling off beyond (see <see cref="TokenPositionPrior"/>). An LRC start is a person's mark of when the line's first
/// word is sung, a few hundred milliseconds off at worst; the hard window (start ± the line margin) alone let a line
/// whose acoustics are weak slide to the window's edge. Tokens that already have a prior keep it.
/// </summary>
public static class LineStartPrior
{
    public static TokenPositionPrior Add(TokenPositionPrior? prior, Lyrics lyrics, AlignmentTargets targets, int sigmaFrames)
    {
        if (sigmaFrames <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaFrames), sigmaFrames, "The start prior's width is a positive number of frames.");
        }

        var count = targets.Tokens.Length;
        var centre = prior is null ? new float[count] : (float[])prior.CentreFrame.Clone();
        var sigma = prior is null ? new float[count] : (float[])prior.SigmaFrames.Clone();
        for (var l = 0; l < lyrics.Lines.Count; l++)
        {
            var (from, tokens) = targets.LineTokens[l].GetOffsetAndLength(count);
            if (tokens == 0 || lyrics.Lines[l].StartMs is not { } startMs || lyrics.SungEndMs(l) is not null || sigma[from] > 0)
            {
                continue;
            }

            centre[from] = (float)startMs / EmissionMatrix.FrameMs;
            sigma[from] = sigmaFrames;
        }

        return new TokenPositionPrior(centre, sigma);
    }
}

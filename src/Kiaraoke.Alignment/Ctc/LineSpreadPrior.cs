using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// The line-spread baseline turned into a soft prior: with line times, character k of a line of n characters is
/// expected at <c>start + (end − start)·k/n</c> — where spreading by character count would put it — give or take
/// <c>σ = width × (end − start)</c> (at least one frame; see <see cref="TokenPositionPrior"/>). Only lines whose end
/// is a sung end get a prior: a line without an end, or whose end is the next line's start (what an LRC or Kiaraoke's
/// synced lines give), runs over the gap after it, so spreading over it would expect the last words far too late.
/// Wildcards get none.
/// </summary>
public static class LineSpreadPrior
{
    public static TokenPositionPrior Build(Lyrics lyrics, AlignmentTargets targets, int durationMs, double width)
    {
        if (width <= 0 || !double.IsFinite(width))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The prior's width is a positive fraction of the line's duration.");
        }

        var centreFrame = new float[targets.Tokens.Length];
        var sigmaFrames = new float[targets.Tokens.Length];
        for (var l = 0; l < lyrics.Lines.Count; l++)
        {
            var (from, count) = targets.LineTokens[l].GetOffsetAndLength(targets.Tokens.Length);
            if (count == 0 || lyrics.Lines[l].StartMs is not { } startMs || lyrics.SungEndMs(l) is not { } lineEndMs)
            {
                continue;
            }

            var endMs = Math.Clamp(lineEndMs, startMs, Math.Max(startMs, durationMs));
            var startFrame = (double)startMs / EmissionMatrix.FrameMs;
            var spanFrames = (double)(endMs - startMs) / EmissionMatrix.FrameMs;
            var sigma = (float)Math.Max(1.0, width * spanFrames);
            for (var k = 0; k < count; k++)
            {
                centreFrame[from + k] = (float)(startFrame + (spanFrames * k / count));
            }

            Array.Fill(sigmaFrames, sigma, from, count);
        }

        return new TokenPositionPrior(centreFrame, sigmaFrames);
    }
}

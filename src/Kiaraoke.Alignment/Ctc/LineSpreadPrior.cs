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

        var centre = new float[targets.Tokens.Length];
        var sigmas = new float[targets.Tokens.Length];
        var lineOfWord = new int[lyrics.WordCount];
        var w = 0;
        for (var l = 0; l < lyrics.Lines.Count; l++)
        {
            for (var k = 0; k < lyrics.Lines[l].Words.Count; k++)
            {
                lineOfWord[w++] = l;
            }
        }

        var i = 0;
        while (i < targets.Tokens.Length)
        {
            if (targets.WordOfToken[i] < 0)
            {
                i++;
                continue;
            }

            // Tokens [i, j) are one line's characters.
            var line = lineOfWord[targets.WordOfToken[i]];
            var j = i;
            while (j < targets.Tokens.Length && targets.WordOfToken[j] >= 0 && lineOfWord[targets.WordOfToken[j]] == line)
            {
                j++;
            }

            var lyricLine = lyrics.Lines[line];
            var nextStartMs = line + 1 < lyrics.Lines.Count ? lyrics.Lines[line + 1].StartMs : null;
            if (lyricLine is { StartMs: { } startMs, EndMs: { } lineEndMs } && lineEndMs != nextStartMs)
            {
                var endMs = Math.Clamp(lineEndMs, startMs, Math.Max(startMs, durationMs));
                var startFrame = (double)startMs / EmissionMatrix.FrameMs;
                var spanFrames = (double)(endMs - startMs) / EmissionMatrix.FrameMs;
                var sigma = Math.Max(1.0, width * spanFrames);
                for (var k = i; k < j; k++)
                {
                    centre[k] = (float)(startFrame + (spanFrames * (k - i) / (j - i)));
                    sigmas[k] = (float)sigma;
                }
            }

            i = j;
        }

        return new TokenPositionPrior(centre, sigmas);
    }
}

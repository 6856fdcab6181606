using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// The line-spread baseline turned into a soft prior: with line times, character k of a line of n characters is
/// expected at <c>start + (end − start)·k/n</c> — where spreading by character count would put it — with a standard
/// deviation of <c>width × (end − start)</c> (at least one frame). Wildcards and lines without times get no prior.
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
        var inverseTwoVariance = new float[targets.Tokens.Length];
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
            if (lyricLine.StartMs is { } startMs)
            {
                var endMs = Math.Max(startMs, lyricLine.EndMs ?? (line + 1 < lyrics.Lines.Count ? lyrics.Lines[line + 1].StartMs : null) ?? durationMs);
                var startFrame = (double)startMs / EmissionMatrix.FrameMs;
                var spanFrames = (double)(endMs - startMs) / EmissionMatrix.FrameMs;
                var sigma = Math.Max(1.0, width * spanFrames);
                for (var k = i; k < j; k++)
                {
                    centre[k] = (float)(startFrame + (spanFrames * (k - i) / (j - i)));
                    inverseTwoVariance[k] = (float)(1.0 / (2 * sigma * sigma));
                }
            }

            i = j;
        }

        return new TokenPositionPrior(centre, inverseTwoVariance);
    }
}

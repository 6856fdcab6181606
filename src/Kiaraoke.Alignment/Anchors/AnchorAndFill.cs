using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Anchors;

/// <summary>
/// Anchor-and-fill for plain lyrics (no line times). A first whole-song Viterbi pass places every line; lines the
/// acoustics are sure of — a confidence of at least <c>islandConfidence</c>, in a run of at least two such lines —
/// become islands, held within <c>islandMarginFrames</c> of where the first pass put them. The other lines form
/// stretches between two islands (or an island and the song's edge): their characters may go anywhere in that
/// stretch, under a soft prior that expects them spread by character count over the stretch's voiced frames
/// (voice activity ≥ 0.5; every frame when too few are voiced), with a flat zone of <c>fillWidth</c> × the
/// stretch's length (see <see cref="TokenPositionPrior"/>). Where the model hears little, a line cannot wander
/// far from its share of the sung time; where it hears well, the islands keep what the first pass found.
/// Wildcards are never constrained. The first pass's own path fits every window, so the second pass always has a path.
/// </summary>
public static class AnchorAndFill
{
    /// <summary>Frames of voice activity at or above this count as sung when the stretch's characters are spread.</summary>
    public const float VoicedActivity = 0.5f;

    /// <summary>A stretch with fewer voiced frames than this many per character is spread over all its frames.</summary>
    public const int MinimumVoicedFramesPerCharacter = 2;

    /// <param name="firstPass">The unconstrained whole-song path.</param>
    /// <param name="lineConfidence">Per lyric line, the first pass's confidence (mean of its words'); NaN for a line with nothing placed.</param>
    /// <param name="voiceActivity">Per frame, the probability that the lead voice sounds.</param>
    public static IslandPlan Plan(
        CtcPath firstPass,
        AlignmentTargets targets,
        IReadOnlyList<double> lineConfidence,
        IReadOnlyList<float> voiceActivity,
        double islandConfidence,
        int islandMarginFrames,
        double fillWidth)
    {
        var frames = firstPass.TokenIndexPerFrame.Length;
        if (voiceActivity.Count != frames)
        {
            throw new ArgumentException($"Voice activity has {voiceActivity.Count} frames; the path has {frames}.", nameof(voiceActivity));
        }

        if (lineConfidence.Count != targets.LineTokens.Length)
        {
            throw new ArgumentException($"{lineConfidence.Count} line confidences for {targets.LineTokens.Length} lines.", nameof(lineConfidence));
        }

        if (fillWidth <= 0 || !double.IsFinite(fillWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(fillWidth), fillWidth, "The fill prior's width is a positive fraction of the stretch.");
        }

        var lines = targets.LineTokens.Length;
        var (firstFrame, endFrame) = LineSpans(firstPass, targets);
        var confident = new bool[lines];
        for (var l = 0; l < lines; l++)
        {
            confident[l] = firstFrame[l] >= 0 && lineConfidence[l] >= islandConfidence;
        }

        var island = new bool[lines];
        for (var l = 0; l < lines; l++)
        {
            island[l] = confident[l] && (NeighbourConfident(confident, firstFrame, l, -1) || NeighbourConfident(confident, firstFrame, l, +1));
        }

        var tokens = targets.Tokens.Length;
        var windowFirst = new int[tokens];
        var windowEnd = new int[tokens];
        Array.Fill(windowEnd, frames);
        var centre = new float[tokens];
        var sigma = new float[tokens];
        var islandLines = 0;
        var fillLines = 0;
        var l0 = 0;
        while (l0 < lines)
        {
            if (island[l0])
            {
                islandLines++;
                var (from, count) = targets.LineTokens[l0].GetOffsetAndLength(tokens);
                Hold(windowFirst, windowEnd, targets, from, count,
                    Math.Max(0, firstFrame[l0] - islandMarginFrames), Math.Min(frames, endFrame[l0] + islandMarginFrames));
                l0++;
                continue;
            }

            // A stretch: lines l0 .. l1 − 1, none an island, between the island before (if any) and the one after.
            var l1 = l0;
            while (l1 < lines && !island[l1])
            {
                l1++;
            }

            var stretchFirst = l0 > 0 ? endFrame[l0 - 1] : 0;
            var stretchEnd = l1 < lines ? firstFrame[l1] : frames;
            var tokenFrom = targets.LineTokens[l0].GetOffsetAndLength(tokens).Offset;
            var (lastFrom, lastCount) = targets.LineTokens[l1 - 1].GetOffsetAndLength(tokens);
            var tokenEnd = lastFrom + lastCount;
            for (var l = l0; l < l1; l++)
            {
                if (targets.LineTokens[l].GetOffsetAndLength(tokens).Length > 0)
                {
                    fillLines++;
                }
            }

            Hold(windowFirst, windowEnd, targets, tokenFrom, tokenEnd - tokenFrom,
                Math.Max(0, stretchFirst - islandMarginFrames), Math.Min(frames, stretchEnd + islandMarginFrames));
            Spread(centre, sigma, targets, tokenFrom, tokenEnd, stretchFirst, stretchEnd, voiceActivity, fillWidth);
            l0 = l1;
        }

        return new IslandPlan(new TokenWindows(windowFirst, windowEnd), new TokenPositionPrior(centre, sigma), islandLines, fillLines);
    }

    /// <summary>Per line, the first frame and the frame after the last on which the path holds one of its characters (−1 when none).</summary>
    public static (int[] FirstFrame, int[] EndFrame) LineSpans(CtcPath path, AlignmentTargets targets)
    {
        var lines = targets.LineTokens.Length;
        var lineOfToken = new int[targets.Tokens.Length];
        Array.Fill(lineOfToken, -1);
        for (var l = 0; l < lines; l++)
        {
            var (from, count) = targets.LineTokens[l].GetOffsetAndLength(targets.Tokens.Length);
            for (var k = from; k < from + count; k++)
            {
                if (targets.WordOfToken[k] >= 0)
                {
                    lineOfToken[k] = l;
                }
            }
        }

        var first = new int[lines];
        var end = new int[lines];
        Array.Fill(first, -1);
        Array.Fill(end, -1);
        for (var t = 0; t < path.TokenIndexPerFrame.Length; t++)
        {
            var token = path.TokenIndexPerFrame[t];
            if (token < 0 || lineOfToken[token] < 0)
            {
                continue;
            }

            var l = lineOfToken[token];
            if (first[l] < 0)
            {
                first[l] = t;
            }

            end[l] = t + 1;
        }

        return (first, end);
    }

    /// <summary>Whether the nearest line with something placed, in direction <paramref name="step"/> (−1 before, +1 after), is confident.</summary>
    private static bool NeighbourConfident(bool[] confident, int[] firstFrame, int line, int step)
    {
        for (var l = line + step; l >= 0 && l < confident.Length; l += step)
        {
            if (firstFrame[l] >= 0)
            {
                return confident[l];
            }
        }

        return false;
    }

    private static void Hold(int[] windowFirst, int[] windowEnd, AlignmentTargets targets, int from, int count, int first, int end)
    {
        for (var k = from; k < from + count; k++)
        {
            if (targets.WordOfToken[k] >= 0)
            {
                windowFirst[k] = first;
                windowEnd[k] = Math.Max(first, end);
            }
        }
    }

    private static void Spread(
        float[] centre,
        float[] sigma,
        AlignmentTargets targets,
        int tokenFrom,
        int tokenEnd,
        int stretchFirst,
        int stretchEnd,
        IReadOnlyList<float> voiceActivity,
        double fillWidth)
    {
        var characters = new List<int>();
        for (var k = tokenFrom; k < tokenEnd; k++)
        {
            if (targets.WordOfToken[k] >= 0)
            {
                characters.Add(k);
            }
        }

        if (characters.Count == 0 || stretchEnd <= stretchFirst)
        {
            return;
        }

        var voiced = new List<int>();
        for (var t = stretchFirst; t < stretchEnd; t++)
        {
            if (voiceActivity[t] >= VoicedActivity)
            {
                voiced.Add(t);
            }
        }

        if (voiced.Count < MinimumVoicedFramesPerCharacter * characters.Count)
        {
            voiced.Clear();
            for (var t = stretchFirst; t < stretchEnd; t++)
            {
                voiced.Add(t);
            }
        }

        var width = (float)Math.Max(1.0, fillWidth * (stretchEnd - stretchFirst));
        for (var i = 0; i < characters.Count; i++)
        {
            // Character i of n sits at the (i + ½)/n quantile of the voiced frames.
            var at = (int)((i + 0.5) * voiced.Count / characters.Count);
            centre[characters[i]] = voiced[Math.Min(at, voiced.Count - 1)];
            sigma[characters[i]] = width;
        }
    }
}

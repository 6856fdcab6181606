using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Quality;

/// <summary>
/// How much better the lyrics fit the audio than a decoy of themselves: the same characters shuffled inside each
/// line (word lengths, line structure, stars and line windows kept), aligned on the same emissions. The margin is
/// the difference of the two best paths' log-probabilities per character token, in nats. A model that hears the
/// lyrics scores them well above their shuffle; with another song's lyrics, or audio the model does not hear, the
/// lyrics fit no better than the decoy and the margin falls to about 0, whatever the song's overall level of
/// evidence (which is what makes a fixed threshold on plain probabilities fail across songs).
/// </summary>
public static class DecoyLyrics
{
    /// <summary>Fixed, so the same request always gets the same confidence.</summary>
    public const int Seed = 16_061;

    public static DecoyFit Measure(
        EmissionMatrix emissions,
        AlignmentTargets targets,
        CtcPath path,
        int blankId,
        TokenWindows? windows = null,
        TokenPositionPrior? prior = null)
    {
        var characters = targets.CharacterCount;
        if (characters == 0)
        {
            return new DecoyFit(0, 0);
        }

        var decoy = Shuffle(targets, new Random(Seed));
        CtcPath decoyPath;
        try
        {
            decoyPath = CtcViterbi.Align(emissions, decoy, blankId, windows, prior);
        }
        catch (CtcAlignmentException)
        {
            // A shuffle can need more frames than the real text (repeated letters need a blank between them).
            return new DecoyFit(path.TotalLogProb / characters, path.TotalLogProb / characters);
        }

        return new DecoyFit(path.TotalLogProb / characters, decoyPath.TotalLogProb / characters);
    }

    /// <summary>The target tokens with each line's character tokens shuffled among their own positions.</summary>
    public static int[] Shuffle(AlignmentTargets targets, Random random)
    {
        var tokens = (int[])targets.Tokens.Clone();
        foreach (var line in targets.LineTokens)
        {
            var (from, count) = line.GetOffsetAndLength(tokens.Length);
            var positions = Enumerable.Range(from, count).Where(i => targets.WordOfToken[i] >= 0).ToArray();
            for (var k = positions.Length - 1; k > 0; k--)
            {
                var j = random.Next(k + 1);
                (tokens[positions[k]], tokens[positions[j]]) = (tokens[positions[j]], tokens[positions[k]]);
            }
        }

        return tokens;
    }
}

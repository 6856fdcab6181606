namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// A soft belief about where each target token is sung: within <see cref="SigmaFrames"/> frames of <see cref="CentreFrame"/>
/// every frame is equally likely; further out the log-prior falls like a Gaussian's, <c>−d² / (2σ²)</c> with d the
/// distance beyond σ. The Viterbi pass adds it to the token's emission on each frame the path holds the token, so
/// flat acoustics (held notes, vocalises, a model unsure under music) cannot drift far from the expected position,
/// while inside the flat zone the acoustics alone decide (no pull towards the centre at the scale of a syllable).
/// A token with σ = 0 has no prior.
/// </summary>
public sealed class TokenPositionPrior
{
    public TokenPositionPrior(float[] centreFrame, float[] sigmaFrames)
    {
        if (centreFrame.Length != sigmaFrames.Length)
        {
            throw new ArgumentException($"A position prior needs as many centres ({centreFrame.Length}) as widths ({sigmaFrames.Length}).");
        }

        if (sigmaFrames.Any(v => v < 0 || !float.IsFinite(v)) || centreFrame.Any(c => !float.IsFinite(c)))
        {
            throw new ArgumentException("A position prior's centres must be finite and its widths finite and not negative.");
        }

        CentreFrame = centreFrame;
        SigmaFrames = sigmaFrames;
    }

    /// <summary>Per token, the frame (fractional) it is expected on.</summary>
    public float[] CentreFrame { get; }

    /// <summary>Width in frames of each token's flat zone and of its fall-off beyond it; 0 for no prior.</summary>
    public float[] SigmaFrames { get; }

    public int Count => CentreFrame.Length;

    /// <summary>Log-prior of emitting <paramref name="token"/> on <paramref name="frame"/>: 0 within σ of the centre, negative beyond.</summary>
    public float LogPrior(int token, int frame)
    {
        var sigma = SigmaFrames[token];
        if (sigma == 0)
        {
            return 0;
        }

        var beyond = Math.Abs(frame - CentreFrame[token]) - sigma;
        return beyond <= 0 ? 0 : -beyond * beyond / (2 * sigma * sigma);
    }
}

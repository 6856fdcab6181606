namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// A soft belief about where each target token is sung: a Gaussian in frames around <see cref="Centre"/>. The
/// Viterbi pass adds <c>−(t − centre)² / (2σ²)</c> to the token's emission on each frame the path holds it, so
/// confident acoustics still decide and flat acoustics (held notes, vocalises, a model unsure under music) fall back
/// towards the expected position. A token with <see cref="InverseTwoVariance"/> 0 has no prior.
/// </summary>
public sealed class TokenPositionPrior
{
    public TokenPositionPrior(float[] centre, float[] inverseTwoVariance)
    {
        if (centre.Length != inverseTwoVariance.Length)
        {
            throw new ArgumentException($"A position prior needs as many centres ({centre.Length}) as widths ({inverseTwoVariance.Length}).");
        }

        if (inverseTwoVariance.Any(v => v < 0 || !float.IsFinite(v)))
        {
            throw new ArgumentException("A position prior's inverse variances must be finite and not negative.");
        }

        Centre = centre;
        InverseTwoVariance = inverseTwoVariance;
    }

    public float[] Centre { get; }

    public float[] InverseTwoVariance { get; }

    public int Count => Centre.Length;

    /// <summary>Log-prior of emitting <paramref name="token"/> on <paramref name="frame"/> (0 at the centre, negative elsewhere).</summary>
    public float LogPrior(int token, int frame)
    {
        var distance = frame - Centre[token];
        return -distance * distance * InverseTwoVariance[token];
    }
}

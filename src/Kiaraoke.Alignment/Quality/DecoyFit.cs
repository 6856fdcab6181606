namespace Kiaraoke.Alignment.Quality;

/// <summary>Best-path log-probabilities of the lyrics and of their decoy, per character token, in nats.</summary>
public readonly record struct DecoyFit(double LyricsNatsPerCharacter, double DecoyNatsPerCharacter)
{
    public double MarginNatsPerCharacter => LyricsNatsPerCharacter - DecoyNatsPerCharacter;

    /// <summary>
    /// The margin as a share of the decoy's own cost: (lyrics − decoy) / −decoy, 0 when the lyrics fit no better than
    /// their shuffle, 1 when they cost nothing. Scale-free across songs and models, unlike the margin in nats.
    /// </summary>
    public double RelativeMargin => DecoyNatsPerCharacter >= 0 ? 0 : MarginNatsPerCharacter / -DecoyNatsPerCharacter;
}

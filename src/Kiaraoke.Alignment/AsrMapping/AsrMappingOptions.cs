namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>Knobs of <see cref="AsrLyricsMapper"/>, with the defaults the service uses.</summary>
public sealed record AsrMappingOptions
{
    /// <summary>
    /// Two words count as the same word when their normalised spellings are at least this similar
    /// (1 − edit distance / longer length). Below it a lyric word takes no time from the ASR word facing it.
    /// </summary>
    public double MinSimilarity { get; init; } = 0.5;

    /// <summary>With known lyrics, ASR words under this probability are ignored (Kiaraoke's worker uses 0.2).</summary>
    public double ProbabilityFloorWithLyrics { get; init; } = 0.2;

    /// <summary>Without lyrics, ASR words under this probability are dropped (Kiaraoke's worker uses 0.3).</summary>
    public double ProbabilityFloorWithoutLyrics { get; init; } = 0.3;

    /// <summary>The confidence of an ASR word that came without a probability (Groq gives none; the worker uses 0.9).</summary>
    public double DefaultProbability { get; init; } = 0.9;

    /// <summary>Without lyrics and without segments, a new line starts after a silence longer than this.</summary>
    public int LineGapMs { get; init; } = 1_500;

    /// <summary>Extra cost of matching one word against two (a word the ASR split or merged), so plain matches win ties.</summary>
    public double SplitPenalty { get; init; } = 0.2;
}

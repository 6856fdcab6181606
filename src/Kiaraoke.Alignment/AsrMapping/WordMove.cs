namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>One step of the lyric-to-ASR word alignment (<see cref="WordSequenceAligner"/>).</summary>
internal enum WordMove : byte
{
    None = 0,

    /// <summary>One lyric word, one ASR word.</summary>
    Match = 1,

    /// <summary>A lyric word the ASR did not give.</summary>
    SkipLyric = 2,

    /// <summary>An ASR word the lyrics do not have.</summary>
    SkipAsr = 3,

    /// <summary>One lyric word, two ASR words (the ASR split it).</summary>
    OneToTwo = 4,

    /// <summary>Two lyric words, one ASR word (the ASR merged them).</summary>
    TwoToOne = 5,
}

using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>What a transcription became once mapped: the lines to emit and how much of them the ASR really timed.</summary>
public sealed record AsrMappingResult(IReadOnlyList<AlignedLine> Lines, int MatchedWords, int HallucinationsRemoved)
{
    public int WordCount => Lines.Sum(l => l.Words.Count);

    /// <summary>Share of output words whose times come from an ASR word (1 when the ASR words are the output).</summary>
    public double MatchedRatio => WordCount == 0 ? 0 : (double)MatchedWords / WordCount;
}

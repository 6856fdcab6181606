using System.Text.Json.Serialization;

namespace Kiaraoke.Alignment.Timing;

/// <summary>The aligned lyrics of one song.</summary>
public sealed record AlignmentResult(IReadOnlyList<AlignedLine> Lines, int DurationMs, StageTimings Timings)
{
    public IEnumerable<AlignedWord> Words => Lines.SelectMany(l => l.Words);

    public int WordCount => Lines.Sum(l => l.Words.Count);

    /// <summary>
    /// Tier 1 only: how much better the lyrics fit than a shuffle of themselves, in nats per character
    /// (<see cref="Quality.DecoyLyrics"/>); about 0 for another song's lyrics; null when not measured.
    /// </summary>
    [JsonIgnore]
    public Quality.DecoyFit? DecoyFit { get; init; }

    /// <summary>Mean word confidence (0..1), every word counted, interpolated ones at 0.</summary>
    public double ConfidenceAverage => WordCount == 0 ? 0 : Words.Average(w => w.Confidence);

    /// <summary>With line times: the whole-file offset applied and the anchors not met; null without line times.</summary>
    public Anchors.AnchorReport? Anchors { get; init; }
}

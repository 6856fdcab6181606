using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Formats;

/// <summary>
/// What every exporter writes: the aligned lines (integer milliseconds, the timing contract already holds) and the
/// song's metadata, each optional. <see cref="DurationMs"/> is the audio's length when known.
/// </summary>
public sealed record KaraokeTimeline(
    IReadOnlyList<AlignedLine> Lines,
    int? DurationMs = null,
    string? Title = null,
    string? Artist = null,
    string? Language = null,
    string? AudioFileName = null)
{
    public IEnumerable<AlignedWord> Words => Lines.SelectMany(l => l.Words);

    /// <summary>Where the song ends: the audio's length, else the last word's end.</summary>
    public int EndMs => DurationMs ?? (Lines.Count == 0 ? 0 : Lines[^1].Words[^1].EndMs);
}

namespace Kiaraoke.Alignment.Formats;

/// <summary>One entry point over the importers: a word-timed file (one of ours, corrected by hand) back into a timeline.</summary>
public static class KaraokeImporter
{
    /// <summary>The formats that carry every word's time, hence can come back as a correction.</summary>
    public static IReadOnlyList<KaraokeFormat> Readable { get; } = [KaraokeFormat.Lrc, KaraokeFormat.Ass, KaraokeFormat.Ttml, KaraokeFormat.UltraStar];

    /// <exception cref="KaraokeFormatException">The text cannot be read, or a word has no time.</exception>
    public static KaraokeTimeline Read(KaraokeFormat format, string text) => format switch
    {
        KaraokeFormat.Lrc => EnhancedLrcImporter.Read(text),
        KaraokeFormat.Ass => AssKaraokeImporter.Read(text),
        KaraokeFormat.Ttml => TtmlImporter.Read(text),
        KaraokeFormat.UltraStar => UltraStarImporter.Read(text),
        _ => throw new KaraokeFormatException(
            $"A {format.Name()} file cannot come back as a correction: it does not time every word (use {string.Join(", ", Readable.Select(f => f.Name()))})."),
    };
}

namespace Kiaraoke.Alignment.Formats;

/// <summary>One entry point over the exporters: a timeline written in any text format but JSON (the hosts own their JSON).</summary>
public static class KaraokeExporter
{
    /// <param name="spotifyTrackId">Recorded where the format has a place for it (TTML's AMLL metadata).</param>
    public static string Write(KaraokeFormat format, KaraokeTimeline timeline, string? spotifyTrackId = null) => format switch
    {
        KaraokeFormat.Lrc => EnhancedLrcWriter.Write(timeline),
        KaraokeFormat.Ass => AssKaraokeWriter.Write(timeline),
        KaraokeFormat.WebVtt => WebVttWriter.Write(timeline),
        KaraokeFormat.Ttml => TtmlWriter.Write(timeline, spotifyTrackId),
        KaraokeFormat.Srt => SrtWriter.Write(timeline),
        KaraokeFormat.UltraStar => UltraStarWriter.Write(timeline),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "JSON is written by the host, not by the exporters."),
    };
}

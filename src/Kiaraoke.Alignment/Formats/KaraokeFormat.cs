namespace Kiaraoke.Alignment.Formats;

/// <summary>The file formats the service and the CLI can write (and, where marked, read back as corrections).</summary>
public enum KaraokeFormat
{
    /// <summary>Kiaraoke's word JSON (written by the host and the CLI, not by this library).</summary>
    Json,

    /// <summary>Enhanced LRC (A2): line tags and &lt;mm:ss.xx&gt; word tags.</summary>
    Lrc,

    /// <summary>Advanced SubStation Alpha with \kf karaoke syllables (Aegisub, libass, video burn-in).</summary>
    Ass,

    /// <summary>WebVTT, one cue per line, inline word timestamps.</summary>
    WebVtt,

    /// <summary>TTML with word timing as Apple Music and AMLL read it (itunes:timing="Word").</summary>
    Ttml,

    /// <summary>SubRip: one cue per line, no word times.</summary>
    Srt,

    /// <summary>UltraStar song.txt: each word a note on a BPM grid.</summary>
    UltraStar,
}

using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Cli.Bench;

/// <summary>
/// What the engine is told about line times: nothing, the annotated times, those times with seeded error, or what an
/// LRC from LRCLib gives (<see cref="LrcLikeLines"/>).
/// </summary>
internal enum LineMode
{
    None,
    Oracle,
    Jittered,
    Lrc,
}

internal static class LineTimes
{
    public const int JitterMs = 300;

    /// <summary>Builds the lyrics an engine receives for a song under a line mode.</summary>
    /// <param name="lrcOffsetMs">
    /// With <see cref="LineMode.Lrc"/>: added to every line start on top of the seeded error, as an LRC synced on another
    /// edit of the song would be (+ = the LRC is late); 0 adds nothing.
    /// </param>
    public static Lyrics For(GoldenSong song, LineMode mode, int seed, int lrcOffsetMs = 0)
    {
        var plain = PlainLyricsParser.Parse(song.LyricsText) with { Language = song.Language };
        if (mode == LineMode.None)
        {
            return plain;
        }

        if (song.Lines.Count != plain.Lines.Count)
        {
            throw new UsageException($"{song.Id}: lines.csv has {song.Lines.Count} lines but lyrics.txt has {plain.Lines.Count}; line modes need them to agree.");
        }

        var random = new Random(seed);
        if (mode == LineMode.Lrc)
        {
            var starts = LrcLikeLines.Starts(song.Lines.Select(l => (int)Math.Round(l.Start * 1000)).ToArray(), random)
                .Select(ms => Math.Max(0, ms + lrcOffsetMs))
                .ToArray();
            return plain with { Lines = plain.Lines.Select((line, i) => line with { StartMs = starts[i], EndMs = null }).ToArray() };
        }

        var lines = new List<LyricLine>(plain.Lines.Count);
        for (var i = 0; i < plain.Lines.Count; i++)
        {
            var start = (int)Math.Round(song.Lines[i].Start * 1000);
            var end = (int)Math.Round(song.Lines[i].End * 1000);
            if (mode == LineMode.Jittered)
            {
                start = Math.Max(0, start + random.Next(-JitterMs, JitterMs + 1));
                end = Math.Max(start + 20, end + random.Next(-JitterMs, JitterMs + 1));
            }

            lines.Add(plain.Lines[i] with { StartMs = start, EndMs = end });
        }

        return plain with { Lines = lines };
    }

    public static LineMode Parse(string text) => text switch
    {
        "none" => LineMode.None,
        "oracle" => LineMode.Oracle,
        "jittered" => LineMode.Jittered,
        "lrc" => LineMode.Lrc,
        _ => throw new UsageException($"--lines must be none, oracle, jittered or lrc, not '{text}'."),
    };

    public static string Name(LineMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>The line mode's name in reports, with the added LRC offset when there is one (<c>lrc+1500</c>, <c>lrc-2500</c>).</summary>
    public static string Name(LineMode mode, int lrcOffsetMs) =>
        lrcOffsetMs == 0 ? Name(mode) : Name(mode) + lrcOffsetMs.ToString("+0;-0", System.Globalization.CultureInfo.InvariantCulture);
}

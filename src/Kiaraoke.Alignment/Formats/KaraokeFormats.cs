namespace Kiaraoke.Alignment.Formats;

/// <summary>Names, file extensions and media types of <see cref="KaraokeFormat"/>.</summary>
public static class KaraokeFormats
{
    /// <summary>The query / command-line names, in documentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["json", "lrc", "ass", "vtt", "ttml", "srt", "ultrastar"];

    /// <summary>Reads a format name (case-insensitive; <c>webvtt</c>, <c>usdx</c> and <c>txt</c> are accepted aliases).</summary>
    public static bool TryParse(string? name, out KaraokeFormat format)
    {
        KaraokeFormat? found = name?.Trim().ToLowerInvariant() switch
        {
            "json" => KaraokeFormat.Json,
            "lrc" => KaraokeFormat.Lrc,
            "ass" => KaraokeFormat.Ass,
            "vtt" or "webvtt" => KaraokeFormat.WebVtt,
            "ttml" => KaraokeFormat.Ttml,
            "srt" => KaraokeFormat.Srt,
            "ultrastar" or "usdx" or "txt" => KaraokeFormat.UltraStar,
            _ => null,
        };
        format = found ?? default;
        return found is not null;
    }

    /// <summary>The format a file name's extension implies, when it implies exactly one (.txt does not: it may be plain lyrics).</summary>
    public static KaraokeFormat? FromFileName(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => KaraokeFormat.Json,
        ".lrc" => KaraokeFormat.Lrc,
        ".ass" => KaraokeFormat.Ass,
        ".vtt" => KaraokeFormat.WebVtt,
        ".ttml" => KaraokeFormat.Ttml,
        ".srt" => KaraokeFormat.Srt,
        _ => null,
    };

    public static string Name(this KaraokeFormat format) => format switch
    {
        KaraokeFormat.WebVtt => "vtt",
        _ => format.ToString().ToLowerInvariant(),
    };

    /// <summary>The file extension, with its dot. UltraStar songs are <c>.txt</c> files.</summary>
    public static string Extension(this KaraokeFormat format) => format switch
    {
        KaraokeFormat.UltraStar => ".txt",
        _ => "." + format.Name(),
    };

    public static string ContentType(this KaraokeFormat format) => format switch
    {
        KaraokeFormat.Json => "application/json; charset=utf-8",
        KaraokeFormat.Lrc => "text/plain; charset=utf-8",
        KaraokeFormat.Ass => "text/x-ssa; charset=utf-8",
        KaraokeFormat.WebVtt => "text/vtt; charset=utf-8",
        KaraokeFormat.Ttml => "application/ttml+xml; charset=utf-8",
        KaraokeFormat.Srt => "application/x-subrip; charset=utf-8",
        KaraokeFormat.UltraStar => "text/plain; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}

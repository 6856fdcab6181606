using System.Globalization;

namespace Kiaraoke.Alignment.Formats;

/// <summary>Millisecond times written the way each format spells them (always invariant digits).</summary>
internal static class TimeText
{
    /// <summary>Milliseconds to the nearest centisecond (half away from zero), the unit of LRC and ASS.</summary>
    public static int Centiseconds(int ms) => (int)Math.Round(ms / 10.0, MidpointRounding.AwayFromZero);

    /// <summary>LRC <c>mm:ss.xx</c> (minutes grow past 99 when needed).</summary>
    public static string Lrc(int ms)
    {
        var cs = Centiseconds(Math.Max(0, ms));
        return Invariant($"{cs / 6000:00}:{cs / 100 % 60:00}.{cs % 100:00}");
    }

    /// <summary>ASS <c>H:MM:SS.cc</c> from centiseconds.</summary>
    public static string Ass(int centiseconds) =>
        Invariant($"{centiseconds / 360000}:{centiseconds / 6000 % 60:00}:{centiseconds / 100 % 60:00}.{centiseconds % 100:00}");

    /// <summary>WebVTT <c>hh:mm:ss.ttt</c>.</summary>
    public static string Vtt(int ms) => Clock(ms, '.');

    /// <summary>SubRip <c>hh:mm:ss,ttt</c>.</summary>
    public static string Srt(int ms) => Clock(ms, ',');

    /// <summary>TTML as Apple Music writes it: <c>s.fff</c>, <c>m:ss.fff</c> or <c>h:mm:ss.fff</c>.</summary>
    public static string Ttml(int ms)
    {
        var seconds = ms / 1000;
        var fraction = ms % 1000;
        return seconds switch
        {
            < 60 => Invariant($"{seconds}.{fraction:000}"),
            < 3600 => Invariant($"{seconds / 60}:{seconds % 60:00}.{fraction:000}"),
            _ => Invariant($"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}.{fraction:000}"),
        };
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Clock(int ms, char separator) =>
        Invariant($"{ms / 3600000:00}:{ms / 60000 % 60:00}:{ms / 1000 % 60:00}{separator}{ms % 1000:000}");
}

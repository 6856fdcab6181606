using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiaraoke.Alignment.Tests.Formats;

/// <summary>Parsers we did not write: Debian's ffmpeg reading a subtitle file and re-writing it as SubRip.</summary>
internal static partial class ExternalTools
{
    [GeneratedRegex(@"(\d{2}):(\d{2}):(\d{2}),(\d{3}) --> (\d{2}):(\d{2}):(\d{2}),(\d{3})\r?\n((?:.+\r?\n?)*)")]
    private static partial Regex SrtCue();

    /// <summary>One cue as ffmpeg understood it: start and end in ms and its text.</summary>
    public sealed record Cue(int StartMs, int EndMs, string Text);

    /// <summary>Runs <c>ffmpeg -i file -f srt</c> on <paramref name="content"/> saved with <paramref name="extension"/> and returns the cues.</summary>
    public static IReadOnlyList<Cue> FfmpegCues(string content, string extension)
    {
        using var folder = new Support.TempDirectory();
        var input = folder.File("input" + extension);
        var output = folder.File("output.srt");
        File.WriteAllText(input, content);
        var (code, stderr) = Run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", input, "-f", "srt", output]);
        Assert.True(code == 0, $"ffmpeg refused the {extension} file (exit {code}): {stderr}\n--- file ---\n{content}");
        Assert.True(stderr.Trim().Length == 0, $"ffmpeg complained about the {extension} file: {stderr}");
        return SrtCue().Matches(File.ReadAllText(output))
            .Select(m => new Cue(Ms(m, 1), Ms(m, 5), m.Groups[9].Value.Trim()))
            .ToArray();
    }

    public static (int ExitCode, string Stderr) Run(string tool, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(tool, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr.Result);
    }

    private static int Ms(Match m, int group) =>
        (((int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) * 60) + int.Parse(m.Groups[group + 1].Value, CultureInfo.InvariantCulture)) * 60
         + int.Parse(m.Groups[group + 2].Value, CultureInfo.InvariantCulture)) * 1000
        + int.Parse(m.Groups[group + 3].Value, CultureInfo.InvariantCulture);
}

using System.ComponentModel;
using System.Globalization;

namespace Kiaraoke.Alignment.Audio;

/// <summary>
/// The duration a file's container declares, read by ffprobe without decoding (milliseconds even for hours of FLAC).
/// It is a claim, not a measure: the decoder still counts the samples it receives.
/// </summary>
public sealed class AudioProbe(string ffprobePath = "ffprobe")
{
    public string FfprobePath { get; } = ffprobePath;

    /// <summary>Longest a probe may run; reading a header takes milliseconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>ffprobe next to an ffmpeg binary: "ffprobe" for "ffmpeg" on the PATH, else the same folder.</summary>
    public static AudioProbe Beside(string ffmpegPath)
    {
        var folder = Path.GetDirectoryName(ffmpegPath);
        return new AudioProbe(string.IsNullOrEmpty(folder) ? "ffprobe" : Path.Combine(folder, "ffprobe"));
    }

    /// <summary>Seconds the container declares, or null when ffprobe is missing, fails or reports no duration.</summary>
    public double? DurationSeconds(string path, CancellationToken cancellationToken)
    {
        ChildProcess probe;
        try
        {
            probe = ChildProcess.Start(FfprobePath, ["-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", path]);
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (probe)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        using (timeout.Token.Register(probe.Kill))
        {
            timeout.CancelAfter(Timeout);
            var stderr = probe.Process.StandardError.ReadToEndAsync(CancellationToken.None);
            var output = probe.Process.StandardOutput.ReadToEnd();
            probe.Process.WaitForExit();
            _ = stderr.GetAwaiter().GetResult();
            cancellationToken.ThrowIfCancellationRequested();
            if (timeout.IsCancellationRequested)
            {
                return null; // ffprobe hung (a pipe, a stalled mount): the duration is unknown, the decoder still counts samples
            }

            var first = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return probe.Process.ExitCode == 0
                   && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                   && double.IsFinite(seconds) && seconds >= 0
                ? seconds
                : null;
        }
    }
}

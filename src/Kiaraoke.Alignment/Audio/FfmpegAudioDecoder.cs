using System.ComponentModel;
using System.Diagnostics;

namespace Kiaraoke.Alignment.Audio;

/// <summary>
/// Decodes any container ffmpeg understands (wav, flac, mp3, ogg, m4a, ...) to 16 kHz mono float samples.
/// ffmpeg does the downmix and resampling; samples are int16 / 32768 like the reference aligners.
/// </summary>
public sealed class FfmpegAudioDecoder(string ffmpegPath = "ffmpeg")
{
    public string FfmpegPath { get; } = ffmpegPath;

    public PcmAudio Decode(string path, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new AudioDecodeException(AudioDecodeError.FileNotFound, $"Audio file not found: '{path}'.");
        }

        if (info.Length == 0)
        {
            throw new AudioDecodeException(AudioDecodeError.EmptyFile, $"Audio file '{path}' is empty (0 bytes).");
        }

        var start = new ProcessStartInfo(FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "-nostdin", "-hide_banner", "-v", "error", "-i", info.FullName,
                     "-vn", "-ac", "1", "-ar", PcmAudio.ModelSampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("process did not start");
        }
        catch (Win32Exception ex)
        {
            throw new AudioDecodeException(
                AudioDecodeError.DecoderMissing,
                $"ffmpeg could not be started ('{FfmpegPath}': {ex.Message}). Install ffmpeg (Debian: apt-get install ffmpeg) or set its path.",
                ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stderrTask = process.StandardError.ReadToEndAsync(cancellationToken);
            using var pcm = new MemoryStream();
            using (cancellationToken.Register(() => TryKill(process)))
            {
                process.StandardOutput.BaseStream.CopyTo(pcm);
                process.WaitForExit();
            }

            cancellationToken.ThrowIfCancellationRequested();
            var stderr = stderrTask.GetAwaiter().GetResult().Trim();
            if (process.ExitCode != 0)
            {
                var detail = stderr.Length == 0 ? $"exit code {process.ExitCode}" : LastLine(stderr);
                throw new AudioDecodeException(
                    AudioDecodeError.NotAudio,
                    $"'{info.Name}' is not a decodable audio file: {detail}");
            }

            var samples = ToFloat(pcm.GetBuffer().AsSpan(0, (int)pcm.Length));
            if (samples.Length == 0)
            {
                throw new AudioDecodeException(
                    AudioDecodeError.NoSamples,
                    $"'{info.Name}' contains no audio samples (no audio stream, or zero duration).");
            }

            return new PcmAudio(PcmAudio.ModelSampleRate, samples);
        }
    }

    private static float[] ToFloat(ReadOnlySpan<byte> pcm)
    {
        var count = pcm.Length / 2;
        var samples = new float[count];
        for (var i = 0; i < count; i++)
        {
            var value = (short)(pcm[2 * i] | (pcm[(2 * i) + 1] << 8));
            samples[i] = value / 32768f;
        }

        return samples;
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? text : lines[^1];
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}

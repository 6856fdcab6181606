using System.Diagnostics;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>A transcoded copy of the audio in a temporary file, deleted on dispose.</summary>
public sealed class TranscodedAudio(string path, string fileName, string mediaType) : IDisposable
{
    public string Path { get; } = path;

    /// <summary>The name sent to the back end; its extension tells the format.</summary>
    public string FileName { get; } = fileName;

    public string MediaType { get; } = mediaType;

    public long Length => new FileInfo(Path).Length;

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // A temp file left behind is not worth failing a request for.
        }
    }
}

/// <summary>Makes audio small enough for an upload limit.</summary>
public interface IAudioTranscoder
{
    /// <summary>
    /// 16 kHz mono FLAC, or Opus when FLAC is still over <paramref name="maxBytes"/>; null when even Opus is too large.
    /// Throws <see cref="AsrBackendException"/> when ffmpeg fails.
    /// </summary>
    Task<TranscodedAudio?> ToSpeechFormatAsync(string inputPath, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>
/// Whisper resamples to 16 kHz mono anyway, so nothing is lost by sending that: a 44.1 kHz stereo float WAV of a song
/// (tens of MB) becomes about 1 MB a minute in FLAC, 0.2 MB in 24 kb/s Opus.
/// </summary>
/// <remarks>
/// Outputs go where <paramref name="newTempFile"/> says (the service passes its <c>UploadFolder</c>: a process
/// killed mid-transcode leaves them in its own sub-folder, which the next start-up removes); without it, the system
/// temp folder.
/// </remarks>
public sealed class FfmpegAudioTranscoder(string ffmpegPath = "ffmpeg", Func<string, string>? newTempFile = null) : IAudioTranscoder
{
    /// <summary>Whisper's own input rate (not the CTC model's, though both are 16 kHz today).</summary>
    private const string WhisperSampleRate = "16000";

    public async Task<TranscodedAudio?> ToSpeechFormatAsync(string inputPath, long maxBytes, CancellationToken cancellationToken)
    {
        var flac = await RunAsync(inputPath, ".flac", "audio/flac", ["-c:a", "flac", "-compression_level", "8"], cancellationToken);
        if (flac.Length <= maxBytes)
        {
            return flac;
        }

        flac.Dispose();
        var opus = await RunAsync(inputPath, ".ogg", "audio/ogg", ["-c:a", "libopus", "-b:a", "24k", "-application", "voip"], cancellationToken);
        if (opus.Length <= maxBytes)
        {
            return opus;
        }

        opus.Dispose();
        return null;
    }

    private async Task<TranscodedAudio> RunAsync(string inputPath, string extension, string mediaType, string[] codec, CancellationToken cancellationToken)
    {
        var output = newTempFile?.Invoke(extension) ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"kiaraoke-{Guid.NewGuid():N}{extension}");
        var start = new ProcessStartInfo(ffmpegPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", inputPath, "-vn", "-ac", "1", "-ar", WhisperSampleRate, .. codec, output])
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new AsrBackendException("ffmpeg", AsrFailureReasons.TranscodeFailed, $"ffmpeg could not be started ('{ffmpegPath}')", e);
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                File.Delete(output);
                throw;
            }

            if (process.ExitCode != 0 || !File.Exists(output))
            {
                File.Delete(output);
                var message = (await errors).Trim();
                throw new AsrBackendException("ffmpeg", AsrFailureReasons.TranscodeFailed, $"ffmpeg exited with {process.ExitCode}: {message[..Math.Min(message.Length, 300)]}");
            }
        }

        return new TranscodedAudio(output, "audio" + extension, mediaType);
    }
}

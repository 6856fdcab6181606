using System.ComponentModel;
using System.Globalization;

namespace Kiaraoke.Alignment.Audio;

/// <summary>
/// Decodes any container ffmpeg understands (wav, flac, mp3, ogg, m4a, ...) to 16 kHz mono float samples.
/// ffmpeg does the downmix and resampling; samples are int16 / 32768 like the reference aligners.
/// With <see cref="AudioDecodeLimits"/>, a file whose header declares more than the limit is refused before decoding,
/// and ffmpeg is killed as soon as it has delivered more samples than the limit allows, so a few megabytes of
/// compressed silence never become gigabytes of samples. ffmpeg never outlives a call, whatever ends it.
/// </summary>
public sealed class FfmpegAudioDecoder(string ffmpegPath = "ffmpeg", Func<AudioDecodeLimits>? limits = null)
{
    private const int ChunkBytes = 64 * 1024;

    private readonly AudioProbe _probe = AudioProbe.Beside(ffmpegPath);

    public string FfmpegPath { get; } = ffmpegPath;

    /// <summary>Decodes under the limits given to the constructor (none when it had none).</summary>
    public PcmAudio Decode(string path, CancellationToken cancellationToken = default) =>
        Decode(path, limits?.Invoke() ?? AudioDecodeLimits.None, cancellationToken);

    public PcmAudio Decode(string path, AudioDecodeLimits decodeLimits, CancellationToken cancellationToken = default)
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

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (decodeLimits.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            double? declared = null;
            if (decodeLimits.MaxDurationSeconds is { } maxSeconds)
            {
                declared = _probe.DurationSeconds(info.FullName, timeout.Token);
                if (declared > maxSeconds)
                {
                    throw new AudioDecodeException(
                        AudioDecodeError.TooLong,
                        $"The audio lasts {declared.Value.ToString("0.0", CultureInfo.InvariantCulture)} s; the limit is {decodeLimits.Describe(maxSeconds)}.");
                }
            }

            return Run(info, decodeLimits, declared, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new AudioDecodeException(
                AudioDecodeError.TimedOut,
                $"Decoding '{info.Name}' took longer than {decodeLimits.Timeout!.Value.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s and was stopped.");
        }
    }

    private PcmAudio Run(FileInfo info, AudioDecodeLimits decodeLimits, double? declaredSeconds, CancellationToken cancellationToken)
    {
        ChildProcess ffmpeg;
        try
        {
            ffmpeg = ChildProcess.Start(FfmpegPath,
            [
                "-nostdin", "-hide_banner", "-v", "error", "-i", info.FullName,
                "-vn", "-ac", "1", "-ar", PcmAudio.ModelSampleRate.ToString(CultureInfo.InvariantCulture),
                "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1",
            ]);
        }
        catch (Win32Exception ex)
        {
            throw new AudioDecodeException(
                AudioDecodeError.DecoderMissing,
                $"ffmpeg could not be started ('{FfmpegPath}': {ex.Message}). Install ffmpeg (Debian: apt-get install ffmpeg) or set its path.",
                ex);
        }

        using (ffmpeg)
        using (cancellationToken.Register(ffmpeg.Kill))
        {
            var stderrTask = ffmpeg.Process.StandardError.ReadToEndAsync(CancellationToken.None);
            var maxSamples = decodeLimits.MaxSamples(PcmAudio.ModelSampleRate);
            var samples = ReadSamples(ffmpeg, maxSamples, declaredSeconds, out var overLimit);
            if (overLimit)
            {
                ffmpeg.Kill();
                throw new AudioDecodeException(
                    AudioDecodeError.TooLong,
                    $"The audio lasts more than the limit of {decodeLimits.Describe(decodeLimits.MaxDurationSeconds!.Value)}; decoding was stopped there.");
            }

            ffmpeg.Process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            var stderr = stderrTask.GetAwaiter().GetResult().Trim();
            if (ffmpeg.Process.ExitCode != 0)
            {
                // ffmpeg starts its complaint with the input path; the message already names the file.
                var detail = stderr.Length == 0 ? $"exit code {ffmpeg.Process.ExitCode}" : LastLine(stderr).Replace(info.FullName + ": ", string.Empty, StringComparison.Ordinal).Replace(info.FullName, info.Name, StringComparison.Ordinal);
                throw new AudioDecodeException(
                    AudioDecodeError.NotAudio,
                    $"'{info.Name}' is not a decodable audio file: {detail}");
            }

            if (samples.Length == 0)
            {
                throw new AudioDecodeException(
                    AudioDecodeError.NoSamples,
                    $"'{info.Name}' contains no audio samples (no audio stream, or zero duration).");
            }

            return new PcmAudio(PcmAudio.ModelSampleRate, samples);
        }
    }

    /// <summary>
    /// Reads s16le from ffmpeg straight into floats, chunk by chunk; stops (overLimit) as soon as more than
    /// <paramref name="maxSamples"/> arrived. The buffer starts at the declared length, so a normal file is not copied.
    /// </summary>
    private static float[] ReadSamples(ChildProcess ffmpeg, long? maxSamples, double? declaredSeconds, out bool overLimit)
    {
        var expected = declaredSeconds is { } seconds ? (long)(seconds * PcmAudio.ModelSampleRate) + PcmAudio.ModelSampleRate : 60L * PcmAudio.ModelSampleRate;
        var capacity = (int)Math.Min(Math.Min(expected, maxSamples ?? long.MaxValue), Array.MaxLength);
        var samples = new float[Math.Max(capacity, 1)];
        var count = 0L;
        var chunk = new byte[ChunkBytes];
        var carry = -1;
        var stdout = ffmpeg.Process.StandardOutput.BaseStream;
        overLimit = false;
        int read;
        while ((read = stdout.Read(chunk, 0, chunk.Length)) > 0)
        {
            var offset = 0;
            if (carry >= 0)
            {
                Append(ref samples, ref count, (short)(carry | (chunk[0] << 8)));
                carry = -1;
                offset = 1;
            }

            for (; offset + 1 < read; offset += 2)
            {
                Append(ref samples, ref count, (short)(chunk[offset] | (chunk[offset + 1] << 8)));
            }

            if (offset < read)
            {
                carry = chunk[offset];
            }

            if (count > maxSamples)
            {
                overLimit = true;
                return [];
            }
        }

        if (samples.Length != count)
        {
            Array.Resize(ref samples, (int)count);
        }

        return samples;
    }

    private static void Append(ref float[] samples, ref long count, short value)
    {
        if (count == samples.Length)
        {
            Array.Resize(ref samples, (int)Math.Min((long)samples.Length * 2, Array.MaxLength));
        }

        samples[count++] = value / 32768f;
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? text : lines[^1];
    }
}

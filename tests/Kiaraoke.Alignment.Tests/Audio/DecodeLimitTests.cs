using System.Diagnostics;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Tests.Support;
using Kiaraoke.Tests.Shared;

namespace Kiaraoke.Alignment.Tests.Audio;

/// <summary>
/// The decoder's limits: a declared duration over the limit is refused before decoding, a stream that delivers more
/// samples than the limit is stopped there (ffprobe absent, so only the sample count can catch it), and whatever ends a
/// decode (limit, cancellation, timeout, error) leaves no ffmpeg or ffprobe behind.
/// </summary>
public sealed class DecodeLimitTests
{
    [Fact]
    public void A_declared_duration_over_the_limit_is_refused_before_decoding()
    {
        using var temp = new TempDirectory();
        var path = Silence(temp.File("hour.flac"), seconds: 3_600);
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<AudioDecodeException>(() => new FfmpegAudioDecoder().Decode(path, new AudioDecodeLimits(60, LimitName: "KARAOKE_MAX_AUDIO_SECONDS")));

        Assert.Equal(AudioDecodeError.TooLong, error.Error);
        Assert.Contains("lasts 3600.0 s; the limit is 60 s (KARAOKE_MAX_AUDIO_SECONDS)", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"refused after {clock.Elapsed}");
        Assert.Empty(ChildProcesses.Naming(path));
    }

    [Fact]
    public void Without_a_declared_duration_decoding_stops_at_the_sample_limit()
    {
        using var temp = new TempDirectory();
        var path = Silence(temp.File("hour.flac"), seconds: 3_600);
        var decoder = new FfmpegAudioDecoder(FfmpegWithoutProbe(temp));

        var error = Assert.Throws<AudioDecodeException>(() => decoder.Decode(path, new AudioDecodeLimits(5)));

        Assert.Equal(AudioDecodeError.TooLong, error.Error);
        Assert.Contains("more than the limit of 5 s", error.Message);
        Assert.Empty(ChildProcesses.Naming(path));
    }

    [Fact]
    public void Audio_within_the_limit_decodes_whole()
    {
        using var temp = new TempDirectory();
        var path = Silence(temp.File("short.flac"), seconds: 4);

        var audio = new FfmpegAudioDecoder(FfmpegWithoutProbe(temp)).Decode(path, new AudioDecodeLimits(5));

        Assert.Equal(4 * 16_000, audio.SampleCount);
        Assert.Equal(4 * 16_000, new FfmpegAudioDecoder().Decode(path, new AudioDecodeLimits(4)).SampleCount);
    }

    [Fact]
    public void Cancellation_kills_ffmpeg()
    {
        using var temp = new TempDirectory();
        var path = Silence(temp.File("hour.flac"), seconds: 3_600);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.ThrowsAny<OperationCanceledException>(() => new FfmpegAudioDecoder().Decode(path, AudioDecodeLimits.None, cancel.Token));

        Assert.Empty(ChildProcesses.Naming(path));
    }

    [Fact]
    public void A_decode_over_its_timeout_is_stopped_with_a_precise_error()
    {
        using var temp = new TempDirectory();
        var path = Silence(temp.File("hour.flac"), seconds: 3_600);

        var error = Assert.Throws<AudioDecodeException>(() => new FfmpegAudioDecoder().Decode(path, new AudioDecodeLimits(Timeout: TimeSpan.FromMilliseconds(300))));

        Assert.Equal(AudioDecodeError.TimedOut, error.Error);
        Assert.Contains("took longer than", error.Message);
        Assert.Empty(ChildProcesses.Naming(path));
    }

    [Fact]
    public void A_file_ffmpeg_cannot_read_leaves_no_process_and_no_server_path_in_the_message()
    {
        using var temp = new TempDirectory();
        var path = temp.File("notes.mp3");
        File.WriteAllText(path, "not audio\n");

        var error = Assert.Throws<AudioDecodeException>(() => new FfmpegAudioDecoder().Decode(path, new AudioDecodeLimits(60)));

        Assert.Equal(AudioDecodeError.NotAudio, error.Error);
        Assert.DoesNotContain(temp.Path, error.Message);
        Assert.Empty(ChildProcesses.Naming(path));
    }

    /// <summary>Compressed silence: an hour of 8 kHz FLAC is a few hundred kB and decodes to 230 MB of floats.</summary>
    private static string Silence(string path, int seconds)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:a", "flac", "-frame_size", "32768", path])
        {
            RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg could not make the silence fixture: {stderr}");
        return path;
    }

    /// <summary>A folder holding only a link to ffmpeg: the decoder finds no ffprobe beside it and must count samples.</summary>
    private static string FfmpegWithoutProbe(TempDirectory temp)
    {
        var folder = Directory.CreateDirectory(temp.File("bin")).FullName;
        var link = Path.Combine(folder, "ffmpeg");
        if (!File.Exists(link))
        {
            var target = new[] { "/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg" }.First(File.Exists);
            File.CreateSymbolicLink(link, target);
        }

        return link;
    }
}

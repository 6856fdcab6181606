using System.Diagnostics;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Tests.Support;

namespace Kiaraoke.Alignment.Tests.Audio;

public sealed class FfmpegAudioDecoderTests
{
    private readonly FfmpegAudioDecoder _decoder = new();

    [Theory]
    [InlineData("wav")]
    [InlineData("flac")]
    [InlineData("mp3")]
    [InlineData("ogg")]
    [InlineData("m4a")]
    public void Decodes_every_supported_container_to_16k_mono(string extension)
    {
        using var temp = new TempDirectory();
        var source = temp.File("tone.wav");
        var tone = Enumerable.Range(0, 44_100 * 2).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 44_100))).ToArray();
        WavFile.Write(source, tone, 44_100);
        var path = extension == "wav" ? source : Convert(source, temp.File("tone." + extension));

        var audio = _decoder.Decode(path);

        Assert.Equal(16_000, audio.SampleRate);
        Assert.InRange(audio.DurationSeconds, 1.95, 2.1); // lossy encoders add a little priming
        var rms = Math.Sqrt(audio.Samples.Average(s => (double)s * s));
        Assert.InRange(rms, 0.3, 0.4); // 0.5 / sqrt(2) ≈ 0.354
    }

    [Fact]
    public void Missing_file_empty_file_and_non_audio_are_precise_errors()
    {
        using var temp = new TempDirectory();
        var missing = Assert.Throws<AudioDecodeException>(() => _decoder.Decode(temp.File("nope.wav")));
        Assert.Equal(AudioDecodeError.FileNotFound, missing.Error);

        File.WriteAllBytes(temp.File("empty.mp3"), []);
        var empty = Assert.Throws<AudioDecodeException>(() => _decoder.Decode(temp.File("empty.mp3")));
        Assert.Equal(AudioDecodeError.EmptyFile, empty.Error);
        Assert.Contains("0 bytes", empty.Message);

        File.WriteAllText(temp.File("lyrics.mp3"), "Ceci n'est pas de l'audio, juste du texte.\n");
        var notAudio = Assert.Throws<AudioDecodeException>(() => _decoder.Decode(temp.File("lyrics.mp3")));
        Assert.Equal(AudioDecodeError.NotAudio, notAudio.Error);
        Assert.Contains("not a decodable audio file", notAudio.Message);
    }

    [Fact]
    public void Truncated_wav_is_refused_not_crashed()
    {
        using var temp = new TempDirectory();
        var path = temp.File("corrupt.wav");
        WavFile.Write(path, new float[16_000]);
        var bytes = File.ReadAllBytes(path)[..30]; // header cut in the middle of the fmt chunk
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<AudioDecodeException>(() => _decoder.Decode(path));
        Assert.True(error.Error is AudioDecodeError.NotAudio or AudioDecodeError.NoSamples, error.Message);
    }

    [Fact]
    public void Missing_ffmpeg_says_how_to_install_it()
    {
        using var temp = new TempDirectory();
        var path = temp.File("a.wav");
        WavFile.Write(path, new float[1600]);
        var error = Assert.Throws<AudioDecodeException>(() => new FfmpegAudioDecoder("/nonexistent/ffmpeg").Decode(path));
        Assert.Equal(AudioDecodeError.DecoderMissing, error.Error);
        Assert.Contains("apt-get install ffmpeg", error.Message);
    }

    private static string Convert(string source, string destination)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", source, destination])
        {
            RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg could not make the {Path.GetExtension(destination)} fixture: {stderr}");
        return destination;
    }
}

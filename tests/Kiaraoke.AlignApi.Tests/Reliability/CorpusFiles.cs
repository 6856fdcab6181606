using System.Diagnostics;
using Kiaraoke.AlignApi.Tests.Support;

namespace Kiaraoke.AlignApi.Tests.Reliability;

/// <summary>
/// The files the corpus refers to: a vocals root (a short clip, a clip over the duration limit, a text file, an empty
/// file, a FIFO, a folder, a link leaving the root) and the bytes of the clips for uploads.
/// </summary>
internal sealed class CorpusFiles : IDisposable
{
    /// <summary>The corpus's instances refuse audio longer than this.</summary>
    public const int MaxAudioSeconds = 60;

    /// <summary>The corpus's instances refuse uploads larger than this.</summary>
    public const int MaxUploadBytes = 2_000_000;

    private readonly TempFolder _outside = new();

    public CorpusFiles()
    {
        Song = ToneVocals.Silent(2_000);
        System.IO.File.WriteAllBytes(Root.File("song.wav"), Song);
        LongFlac = Flac(Root.File("long.flac"), MaxAudioSeconds + 10);
        System.IO.File.WriteAllText(Root.File("notes.wav"), "these are not samples\n");
        System.IO.File.WriteAllBytes(Root.File("empty.wav"), []);
        Directory.CreateDirectory(Root.File("folder.wav"));
        System.IO.File.WriteAllBytes(_outside.File("secret.wav"), Song);
        System.IO.File.CreateSymbolicLink(Root.File("escape.wav"), _outside.File("secret.wav"));
        Run("mkfifo", Root.File("pipe.wav"));
    }

    public TempFolder Root { get; } = new();

    public TempFolder Uploads { get; } = new();

    /// <summary>2 s of silence, WAV.</summary>
    public byte[] Song { get; }

    /// <summary>70 s of silence, FLAC: over <see cref="MaxAudioSeconds"/>.</summary>
    public byte[] LongFlac { get; }

    public string OutsidePath => _outside.File("secret.wav");

    public void Dispose()
    {
        Root.Dispose();
        Uploads.Dispose();
        _outside.Dispose();
    }

    private static byte[] Flac(string path, int seconds)
    {
        Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:a", "flac", path);
        return System.IO.File.ReadAllBytes(path);
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed making a corpus file: {stderr}");
    }
}

using System.Text.Json;

namespace Kiaraoke.Cli.Tests;

/// <summary>
/// Acceptance: <c>kiaraoke align</c> on every real song of the golden set emits every lyric word, in order, in the
/// lyric's own lines, with a valid timeline — whatever the model (here the tone model, which understands no singing).
/// </summary>
public sealed class GoldenSongsTests
{
    public static TheoryData<string> Songs()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.GoldenJamendo).Order())
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Songs))]
    public void Every_lyric_word_comes_out_in_order_in_its_line_with_valid_timing(string song)
    {
        var dir = Path.Combine(RepoPaths.GoldenJamendo, song);
        var lyricsPath = Path.Combine(dir, "lyrics.txt");
        var run = CliRun.Invoke("align", "--audio", Path.Combine(dir, "audio.mp3"), "--lyrics", lyricsPath, "--model", RepoPaths.ToneModel);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var root = JsonDocument.Parse(run.Stdout).RootElement;
        var expectedLines = File.ReadAllLines(lyricsPath).Where(l => l.Trim().Length > 0).Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        var lines = root.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(expectedLines, lines.Select(l => l.GetProperty("text").GetString()));
        for (var i = 0; i < lines.Count; i++)
        {
            var words = lines[i].GetProperty("words").EnumerateArray().Select(w => w.GetProperty("word").GetString()).ToList();
            Assert.Equal(expectedLines[i].Split(' '), words);
        }

        var duration = root.GetProperty("duration_ms").GetInt32();
        var flat = root.GetProperty("words").EnumerateArray().ToList();
        Assert.Equal(File.ReadAllLines(Path.Combine(dir, "words.txt")).Count(w => w.Trim().Length > 0), flat.Count);
        var previousStart = -1;
        var previousEnd = 0;
        foreach (var w in flat)
        {
            var start = w.GetProperty("startMs").GetInt32();
            var end = w.GetProperty("endMs").GetInt32();
            Assert.True(start > previousStart, $"start {start} after {previousStart}");
            Assert.True(start >= previousEnd, $"start {start} overlaps previous end {previousEnd}");
            Assert.True(end > start);
            Assert.True(end <= duration);
            previousStart = start;
            previousEnd = end;
        }
    }
}

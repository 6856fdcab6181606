using System.Text.Json;

namespace Kiaraoke.Cli.Tests;

public sealed class AlignCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiaraoke-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Tones(params (string Text, double StartMs)[] words)
    {
        // One 80 ms tone per character at 400 + 100·(id − 4) Hz (the tone test model's mapping).
        var ids = new Dictionary<char, int>
        {
            ['a'] = 4, ['i'] = 5, ['e'] = 6, ['n'] = 7, ['o'] = 8, ['u'] = 9, ['t'] = 10, ['s'] = 11, ['r'] = 12, ['m'] = 13,
            ['k'] = 14, ['l'] = 15, ['d'] = 16, ['g'] = 17, ['h'] = 18, ['y'] = 19, ['b'] = 20, ['p'] = 21, ['j'] = 25,
        };
        var total = (int)((words[^1].StartMs + 2_000) * 16);
        var samples = new float[total];
        foreach (var (text, startMs) in words)
        {
            var position = (int)(startMs * 16);
            foreach (var c in text)
            {
                var f = 400 + (100 * (ids[c] - 4));
                for (var i = 0; i < 1_280; i++)
                {
                    samples[position + i] = (float)(0.3 * Math.Sin(2 * Math.PI * f * i / 16_000));
                }

                position += 1_280;
            }
        }

        var path = Path.Combine(_dir, "tones.wav");
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("RIFF"u8);
        writer.Write(36 + (total * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(16_000);
        writer.Write(32_000);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(total * 2);
        foreach (var s in samples)
        {
            writer.Write((short)(s * 32767));
        }

        return path;
    }

    [Fact]
    public void Align_writes_the_kiaraoke_json_with_every_field()
    {
        var audio = Tones(("bonjour", 1_000), ("toi", 2_000), ("la", 3_500), ("mer", 4_000));
        var lyrics = Path.Combine(_dir, "lyrics.txt");
        File.WriteAllText(lyrics, "Bonjour toi,\nla mer !\n");
        var output = Path.Combine(_dir, "out.json");

        var run = CliRun.Invoke("align", "--audio", audio, "--lyrics", lyrics, "--lang", "fr", "--model", RepoPaths.ToneModel, "--out", output, "--padding-ms", "0");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var root = json.RootElement;
        Assert.Equal("fr", root.GetProperty("language").GetString());
        Assert.Equal("kiaraoke_ctc", root.GetProperty("source").GetString());
        Assert.StartsWith("tone-ctc@", root.GetProperty("model_version").GetString());
        Assert.Equal(5, root.GetProperty("word_count").GetInt32()); // "!" is a word of its own, kept and interpolated
        Assert.InRange(root.GetProperty("duration_ms").GetInt32(), 5_900, 6_100);
        Assert.InRange(root.GetProperty("confidence_avg").GetDouble(), 0.5, 1);
        var lines = root.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["Bonjour toi,", "la mer !"], lines.Select(l => l.GetProperty("text").GetString()));
        var words = root.GetProperty("words").EnumerateArray().ToList();
        Assert.Equal(["Bonjour", "toi,", "la", "mer", "!"], words.Select(w => w.GetProperty("word").GetString()));
        int[] expectedStarts = [1_000, 2_000, 3_500, 4_000];
        for (var i = 0; i < 4; i++)
        {
            Assert.InRange(words[i].GetProperty("startMs").GetInt32(), expectedStarts[i] - 20, expectedStarts[i] + 20);
        }

        Assert.Equal("interpolated", words[4].GetProperty("timing").GetString());
        Assert.Contains("[decode]", run.Stderr);
        Assert.Contains("[align] viterbi", run.Stderr);
    }

    [Fact]
    public void Format_lrc_writes_enhanced_lrc_that_the_lrc_parser_reads_back()
    {
        var audio = Tones(("bonjour", 1_000), ("toi", 2_000), ("la", 3_500), ("mer", 4_000));
        var lyrics = Path.Combine(_dir, "lyrics.txt");
        File.WriteAllText(lyrics, "Bonjour toi\nla mer\n");

        var run = CliRun.Invoke("align", "--audio", audio, "--lyrics", lyrics, "--model", RepoPaths.ToneModel, "--padding-ms", "0", "--format", "lrc", "--title", "Salut");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("[ti:Salut]\n", run.Stdout);
        var parsed = Kiaraoke.Alignment.Text.LrcParser.Parse(run.Stdout);
        Assert.Equal(["Bonjour", "toi", "la", "mer"], parsed.AllWords.Select(w => w.Text));
        int[] expectedStarts = [1_000, 2_000, 3_500, 4_000];
        Assert.All(parsed.AllWords.Zip(expectedStarts), p => Assert.InRange(p.First.TaggedStartMs!.Value, p.Second - 30, p.Second + 30));
    }

    [Fact]
    public void The_out_extension_picks_the_format_and_an_unknown_format_is_a_usage_error()
    {
        var audio = Tones(("la", 1_000), ("mer", 2_000));
        var lyrics = Path.Combine(_dir, "lyrics.txt");
        File.WriteAllText(lyrics, "la mer\n");
        var output = Path.Combine(_dir, "song.ass");

        var run = CliRun.Invoke("align", "--audio", audio, "--lyrics", lyrics, "--model", RepoPaths.ToneModel, "--out", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var ass = File.ReadAllText(output);
        Assert.StartsWith("[Script Info]", ass);
        Assert.Contains("{\\kf", ass);

        var bad = CliRun.Invoke("align", "--audio", audio, "--lyrics", lyrics, "--model", RepoPaths.ToneModel, "--format", "midi");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--format 'midi' is unknown", bad.Stderr);
    }

    [Fact]
    public void Lrc_line_times_are_used()
    {
        var audio = Tones(("la", 1_000), ("la", 4_000));
        var lrc = Path.Combine(_dir, "lyrics.lrc");
        File.WriteAllText(lrc, "[00:00.80]la\n[00:03.70]la\n");
        var run = CliRun.Invoke("align", "--audio", audio, "--lyrics", lrc, "--model", RepoPaths.ToneModel, "--padding-ms", "0");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("with line times", run.Stderr);
        var words = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("words").EnumerateArray().Select(w => w.GetProperty("startMs").GetInt32()).ToList();
        Assert.InRange(words[0], 980, 1_020);
        Assert.InRange(words[1], 3_980, 4_020);
    }

    [Theory]
    [InlineData(new[] { "align", "--lyrics", "x.txt" }, 2, "Missing required option --audio")]
    [InlineData(new[] { "align", "--audio" }, 2, "needs a value")]
    [InlineData(new[] { "align", "--frobnicate" }, 2, "Unknown option")]
    [InlineData(new[] { "dance" }, 2, "kiaraoke align")]
    [InlineData(new[] { "bench", "--golden", ".", "--engine", "ctc", "--out", ".", "--line-prior", "wide" }, 2, "Option --line-prior expects a number, got 'wide'")]
    public void Usage_errors_exit_2_with_a_message(string[] args, int code, string expected)
    {
        var run = CliRun.Invoke(args);
        Assert.Equal(code, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
    }

    [Fact]
    public void Bad_inputs_exit_with_precise_errors()
    {
        var lyrics = Path.Combine(_dir, "lyrics.txt");
        File.WriteAllText(lyrics, "bonjour");
        var empty = Path.Combine(_dir, "empty.wav");
        File.WriteAllBytes(empty, []);

        var emptyAudio = CliRun.Invoke("align", "--audio", empty, "--lyrics", lyrics, "--model", RepoPaths.ToneModel);
        Assert.Equal(3, emptyAudio.ExitCode);
        Assert.Contains("empty (0 bytes)", emptyAudio.Stderr);

        var latin1 = Path.Combine(_dir, "latin1.txt");
        File.WriteAllBytes(latin1, System.Text.Encoding.Latin1.GetBytes("Ça va"));
        var badText = CliRun.Invoke("align", "--audio", Tones(("la", 500)), "--lyrics", latin1, "--model", RepoPaths.ToneModel);
        Assert.Equal(3, badText.ExitCode);
        Assert.Contains("not valid UTF-8", badText.Stderr);

        var noModel = CliRun.Invoke("align", "--audio", Tones(("la", 500)), "--lyrics", lyrics, "--model", Path.Combine(_dir, "missing-model"));
        Assert.Equal(4, noModel.ExitCode);
        Assert.Contains("Model directory not found", noModel.Stderr);

        File.WriteAllText(lyrics, string.Join(' ', Enumerable.Repeat("anticonstitutionnellement", 20)));
        var tooLong = CliRun.Invoke("align", "--audio", Tones(("la", 500)), "--lyrics", lyrics, "--model", RepoPaths.ToneModel);
        Assert.Equal(5, tooLong.ExitCode);
        Assert.Contains("need at least", tooLong.Stderr);
    }
}

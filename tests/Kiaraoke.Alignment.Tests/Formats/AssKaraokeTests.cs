using System.Globalization;
using System.Text.RegularExpressions;
using Kiaraoke.Alignment.Formats;

namespace Kiaraoke.Alignment.Tests.Formats;

public sealed partial class AssKaraokeTests
{
    [GeneratedRegex(@"^Dialogue: 0,([^,]+),([^,]+),(\w+),,0,0,0,karaoke,(.*)$", RegexOptions.Multiline)]
    private static partial Regex Dialogue();

    [GeneratedRegex(@"\\k[fo]?(\d+)")]
    private static partial Regex Syllable();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Markup();

    [Fact]
    public void Writes_the_contract_example_with_a_one_second_lead_in()
    {
        var ass = AssKaraokeWriter.Write(Timelines.BonjourToi);

        Assert.Contains("Dialogue: 0,0:00:11.00,0:00:13.20,KaraokeUpper,,0,0,0,karaoke,{\\k100}{\\kf48}Bonjour {\\k4}{\\kf68}toi\n", ass);
        Assert.Contains("[V4+ Styles]", ass);
        Assert.Contains("Style: KaraokeLower,", ass);
    }

    [Fact]
    public void Switch_effect_writes_plain_k()
    {
        var ass = AssKaraokeWriter.Write(Timelines.BonjourToi, AssKaraokeEffect.Switch);
        Assert.Contains("{\\k100}{\\k48}Bonjour {\\k4}{\\k68}toi", ass);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Syllables_add_up_exactly_to_each_dialogue_and_each_word_starts_on_its_centisecond(int seed)
    {
        var timeline = Timelines.Random(seed);
        var dialogues = Dialogue().Matches(AssKaraokeWriter.Write(timeline));

        Assert.Equal(timeline.Lines.Count, dialogues.Count);
        for (var i = 0; i < dialogues.Count; i++)
        {
            var startCs = Centiseconds(dialogues[i].Groups[1].Value);
            var endCs = Centiseconds(dialogues[i].Groups[2].Value);
            var durations = Syllable().Matches(dialogues[i].Groups[4].Value).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(endCs - startCs, durations.Sum());
            Assert.Equal(Timelines.Centi(timeline.Lines[i].EndMs) / 10, endCs);
            Assert.Equal(i % 2 == 0 ? "KaraokeUpper" : "KaraokeLower", dialogues[i].Groups[3].Value);
        }
    }

    [Theory]
    [InlineData(21, 0)]
    [InlineData(22, 3_600_000)]
    public void Ffmpeg_reads_every_dialogue_with_our_times_and_words(int seed, int startMs)
    {
        var timeline = Timelines.Random(seed, startMs: startMs + 2_345);
        var ass = AssKaraokeWriter.Write(timeline);
        var written = Dialogue().Matches(ass);

        var cues = ExternalTools.FfmpegCues(ass, ".ass");

        Assert.Equal(timeline.Lines.Count, cues.Count);
        for (var i = 0; i < cues.Count; i++)
        {
            Assert.Equal(Centiseconds(written[i].Groups[1].Value) * 10, cues[i].StartMs);
            Assert.Equal(Timelines.Centi(timeline.Lines[i].EndMs), cues[i].EndMs);
            Assert.Equal(timeline.Lines[i].Text, Markup().Replace(cues[i].Text, string.Empty));
        }
    }

    [Fact]
    public void Libass_renders_each_word_as_a_fill_sweep_over_its_own_time()
    {
        // Bonjour 1.0–2.0 s, a 0.2 s gap, toi 2.2–3.0 s; the line shows from 0 s (lead-in). libass (Debian's ffmpeg
        // "subtitles" filter) renders 10 frames a second; amber pixels are the sung part (PrimaryColour), white the rest.
        var timeline = new KaraokeTimeline([Timelines.Line(("Bonjour", 1_000, 2_000, 1), ("toi", 2_200, 3_000, 1))]);
        using var folder = new Support.TempDirectory();
        var ass = folder.File("song.ass");
        File.WriteAllText(ass, AssKaraokeWriter.Write(timeline));
        var raw = folder.File("frames.rgb");
        var (code, stderr) = ExternalTools.Run("ffmpeg", [
            "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=black:s=640x360:r=10:d=3.5",
            "-vf", "subtitles=" + ass, "-f", "rawvideo", "-pix_fmt", "rgb24", raw]);
        Assert.True(code == 0, "ffmpeg/libass failed: " + stderr);

        var bytes = File.ReadAllBytes(raw);
        const int frameBytes = 640 * 360 * 3;
        Assert.Equal(35, bytes.Length / frameBytes);
        var amber = new int[35];
        var white = new int[35];
        for (var f = 0; f < 35; f++)
        {
            for (var i = f * frameBytes; i < (f + 1) * frameBytes; i += 3)
            {
                var (r, g, b) = (bytes[i], bytes[i + 1], bytes[i + 2]);
                if (r > 200 && g is > 120 and < 220 && b < 80)
                {
                    amber[f]++;
                }
                else if (r > 200 && g > 200 && b > 200)
                {
                    white[f]++;
                }
            }
        }

        var trace = string.Join(" ", amber.Select((a, f) => $"{f / 10.0:0.0}s:{a}/{white[f]}"));
        Assert.True(white[0] > 500 && amber[0] == 0, trace);
        Assert.True(amber[10] == 0, trace);
        for (var f = 11; f <= 19; f++)
        {
            Assert.True(amber[f] > amber[f - 1], $"Bonjour must fill progressively: {trace}");
        }

        Assert.True(amber[20] == amber[21] && amber[21] == amber[22], $"nothing is sung in the gap: {trace}");
        for (var f = 23; f <= 29; f++)
        {
            Assert.True(amber[f] > amber[f - 1], $"toi must fill progressively: {trace}");
        }

        Assert.True(amber[30] + white[30] == 0, $"the line is gone at its end: {trace}");
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public void Importer_reads_our_export_back_within_a_centisecond(int seed)
    {
        var timeline = Timelines.Random(seed);
        var back = AssKaraokeImporter.Read(AssKaraokeWriter.Write(timeline));

        var expected = timeline.Words.ToArray();
        var actual = back.Words.ToArray();
        Assert.Equal(expected.Select(w => w.Word), actual.Select(w => w.Word));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(Timelines.Centi(expected[i].StartMs), actual[i].StartMs);
            Assert.Equal(Timelines.Centi(expected[i].EndMs), actual[i].EndMs);
        }

        Assert.Equal(timeline.Lines.Count, back.Lines.Count);
    }

    [Fact]
    public void Importer_joins_syllables_split_inside_a_word()
    {
        const string ass = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" +
                           "Dialogue: 0,0:00:10.00,0:00:12.00,Default,,0,0,0,,{\\k20}{\\kf30}Bon{\\kf20}jour {\\k10}{\\kf50}toi\n";
        var line = AssKaraokeImporter.Read(ass).Lines.Single();

        Assert.Equal(["Bonjour", "toi"], line.Words.Select(w => w.Word));
        Assert.Equal((10_200, 10_700), (line.Words[0].StartMs, line.Words[0].EndMs));
        Assert.Equal((10_800, 11_300), (line.Words[1].StartMs, line.Words[1].EndMs));
    }

    [Fact]
    public void Importer_refuses_a_dialogue_without_karaoke_tags()
    {
        const string ass = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" +
                           "Dialogue: 0,0:00:10.00,0:00:12.00,Default,,0,0,0,,Bonjour toi\n";
        var error = Assert.Throws<KaraokeFormatException>(() => AssKaraokeImporter.Read(ass));
        Assert.Contains("line 3", error.Message);
    }

    private static int Centiseconds(string assTime)
    {
        var parts = assTime.Split(':', '.');
        return (((int.Parse(parts[0], CultureInfo.InvariantCulture) * 60) + int.Parse(parts[1], CultureInfo.InvariantCulture)) * 60
                + int.Parse(parts[2], CultureInfo.InvariantCulture)) * 100 + int.Parse(parts[3], CultureInfo.InvariantCulture);
    }
}

using System.Text.RegularExpressions;
using Kiaraoke.Alignment.Formats;

namespace Kiaraoke.Alignment.Tests.Formats;

public sealed partial class WebVttAndSrtTests
{
    [GeneratedRegex(@"<(\d{2}):(\d{2}):(\d{2})\.(\d{3})>")]
    private static partial Regex InlineTimestamp();

    [Fact]
    public void WebVtt_writes_the_contract_example()
    {
        Assert.Equal(
            "WEBVTT\n\nNOTE Le Nez Tordu - Salut\n\n1\n00:00:12.000 --> 00:00:13.200\nBonjour <00:00:12.520>toi\n\n",
            WebVttWriter.Write(Timelines.BonjourToi));
    }

    [Fact]
    public void Srt_writes_one_cue_per_line()
    {
        Assert.Equal("1\n00:00:12,000 --> 00:00:13,200\nBonjour toi\n\n", SrtWriter.Write(Timelines.BonjourToi));
    }

    [Theory]
    [InlineData(41, 0)]
    [InlineData(42, 3_600_000)]
    public void WebVtt_inline_timestamps_are_the_word_starts_strictly_inside_their_cue(int seed, int startMs)
    {
        var timeline = Timelines.Random(seed, startMs: startMs + 111);
        var cues = WebVttWriter.Write(timeline).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray(); // header, NOTE
        Assert.Equal(timeline.Lines.Count, cues.Length);
        for (var i = 0; i < cues.Length; i++)
        {
            var line = timeline.Lines[i];
            var stamps = InlineTimestamp().Matches(cues[i]).Select(m =>
                (((int.Parse(m.Groups[1].Value) * 60) + int.Parse(m.Groups[2].Value)) * 60 + int.Parse(m.Groups[3].Value)) * 1000 + int.Parse(m.Groups[4].Value)).ToArray();
            Assert.Equal(line.Words.Skip(1).Select(w => w.StartMs), stamps);
            Assert.All(stamps, s => Assert.InRange(s, line.StartMs + 1, line.EndMs - 1));
        }
    }

    [Theory]
    [InlineData(43)]
    [InlineData(44)]
    public void Ffmpeg_reads_our_WebVtt_cues_with_exact_times_and_text(int seed)
    {
        var timeline = Timelines.Random(seed);
        var cues = ExternalTools.FfmpegCues(WebVttWriter.Write(timeline), ".vtt");

        Assert.Equal(timeline.Lines.Select(l => (l.StartMs, l.EndMs, l.Text)), cues.Select(c => (c.StartMs, c.EndMs, c.Text)));
    }

    [Theory]
    [InlineData(45, 0)]
    [InlineData(46, 3_600_000)]
    public void Ffmpeg_reads_our_Srt_cues_with_exact_times_and_text(int seed, int startMs)
    {
        var timeline = Timelines.Random(seed, startMs: startMs + 999);
        var cues = ExternalTools.FfmpegCues(SrtWriter.Write(timeline), ".srt");

        Assert.Equal(timeline.Lines.Select(l => (l.StartMs, l.EndMs, l.Text)), cues.Select(c => (c.StartMs, c.EndMs, c.Text)));
    }

    [Fact]
    public void WebVtt_escapes_markup_characters_in_words()
    {
        var timeline = new KaraokeTimeline([Timelines.Line(("R&B", 1_000, 1_500, 1), ("<3", 1_600, 2_000, 1), ("-->", 2_100, 2_500, 1))]);
        var vtt = WebVttWriter.Write(timeline);
        Assert.Contains("R&amp;B <00:00:01.600>&lt;3 <00:00:02.100>--&gt;", vtt);

        var cue = ExternalTools.FfmpegCues(vtt, ".vtt").Single();
        Assert.Equal("R&B <3 -->", cue.Text);
    }
}

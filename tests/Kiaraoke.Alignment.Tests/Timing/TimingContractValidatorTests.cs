using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests.Timing;

public sealed class TimingContractValidatorTests
{
    private static IReadOnlyList<AlignedLine> Line(params (int Start, int End)[] words) =>
    [
        new AlignedLine(words[0].Start, words[^1].End, "x", words.Select((w, i) => new AlignedWord($"w{i}", w.Start, w.End, 0.5)).ToArray()),
    ];

    [Fact]
    public void Valid_millisecond_timeline_passes()
    {
        Assert.Empty(TimingContractValidator.Validate(Line((1_000, 1_500), (1_500, 2_000), (150_000, 179_000)), 180_000));
    }

    [Fact]
    public void Seconds_passed_as_milliseconds_are_caught()
    {
        var problems = TimingContractValidator.Validate(Line((1, 2), (3, 4), (150, 179)), 180_000);
        Assert.Contains(problems, p => p.Contains("look like seconds"));
    }

    [Fact]
    public void Frames_passed_where_a_payload_spans_the_song_are_caught()
    {
        // 20 ms frames: the song's last word at frame 8950 ≈ 179 s. A valid alignment may legitimately bunch words
        // at the start (silent audio), so the frames check applies to external payloads that span the lyrics.
        Assert.Equal(TimeUnit.Frames, TimeUnits.Detect([50, 75, 100, 125, 7_500, 8_950], 180.0));
        Assert.Empty(TimingContractValidator.Validate(Line((50, 75), (100, 125), (7_500, 8_950)), 180_000));
    }

    [Theory]
    [InlineData(1_000, 1_000, "not after its start")]
    [InlineData(1_000, 2_500, "overlapping")]
    [InlineData(-5, 100, "before 0")]
    public void Broken_word_times_are_named(int start, int end, string expected)
    {
        var problems = TimingContractValidator.Validate(Line((start, end), (2_000, 3_000)), 180_000);
        Assert.Contains(problems, p => p.Contains(expected));
    }

    [Fact]
    public void Starts_must_strictly_increase_and_stay_inside_the_audio()
    {
        var problems = TimingContractValidator.Validate(Line((1_000, 1_000 + 1), (1_000, 2_000), (170_000, 181_000)), 180_000);
        Assert.Contains(problems, p => p.Contains("not after word 0"));
        Assert.Contains(problems, p => p.Contains("after the audio's end"));
    }

    [Theory]
    [InlineData(new double[] { 1.2, 60.5, 175.0 }, TimeUnit.Seconds)]
    [InlineData(new double[] { 60, 3_025, 8_750 }, TimeUnit.Frames)]
    [InlineData(new double[] { 1_200, 60_500, 175_000 }, TimeUnit.Milliseconds)]
    [InlineData(new double[] { 1_200, 60_500, 9_175_000 }, TimeUnit.Unknown)]
    public void Units_are_told_apart_from_the_audio_duration(double[] values, TimeUnit expected)
    {
        Assert.Equal(expected, TimeUnits.Detect(values, 180.0));
    }

    [Fact]
    public void Conversions_are_explicit()
    {
        Assert.Equal(1_235, TimeUnits.ToMs(1.2345, TimeUnit.Seconds));
        Assert.Equal(240, TimeUnits.ToMs(12, TimeUnit.Frames));
        Assert.Equal(12, TimeUnits.ToMs(12, TimeUnit.Milliseconds));
        Assert.Throws<TimingContractException>(() => TimeUnits.ToMs(12, TimeUnit.Unknown));
    }
}

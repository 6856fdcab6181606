using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests.AsrMapping;

public sealed class AsrTimeUnitGuardTests
{
    [Fact]
    public void Seconds_are_accepted_as_they_are()
    {
        var verdict = AsrTimeUnitGuard.Check([0.5, 12.3, 178.9], 180);
        Assert.True(verdict.Accepted);
        Assert.Equal(TimeUnit.Seconds, verdict.Unit);
        Assert.Equal(12.3, verdict.ToSeconds(12.3));
    }

    [Fact]
    public void A_last_word_a_little_past_the_audio_is_still_seconds()
    {
        var verdict = AsrTimeUnitGuard.Check([1.0, 10.0, 13.5], 10);
        Assert.Equal(TimeUnit.Seconds, verdict.Unit);
    }

    [Fact]
    public void Milliseconds_are_detected_and_converted_explicitly()
    {
        var verdict = AsrTimeUnitGuard.Check([500, 12_300, 178_900], 180);
        Assert.True(verdict.Accepted);
        Assert.Equal(TimeUnit.Milliseconds, verdict.Unit);
        Assert.Equal(12.3, verdict.ToSeconds(12_300), 9);
    }

    [Theory]
    [InlineData(4_000.0)]     // ×50 of 80 s: 20 ms frames, never an ASR unit
    [InlineData(9_000_000.0)] // microseconds or garbage
    public void Other_units_are_refused(double max)
    {
        var verdict = AsrTimeUnitGuard.Check([1.0, max], 80);
        Assert.False(verdict.Accepted);
        Assert.NotNull(verdict.Refusal);
        Assert.Throws<TimingContractException>(() => verdict.ToSeconds(1));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Broken_values_are_refused(double bad) => Assert.False(AsrTimeUnitGuard.Check([1.0, bad], 80).Accepted);

    [Fact]
    public void No_times_and_no_duration()
    {
        Assert.True(AsrTimeUnitGuard.Check([], 80).Accepted);
        Assert.False(AsrTimeUnitGuard.Check([1.0], 0).Accepted);
    }
}

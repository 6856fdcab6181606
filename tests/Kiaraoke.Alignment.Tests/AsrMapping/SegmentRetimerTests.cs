using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests.AsrMapping;

public sealed class SegmentRetimerTests
{
    private const int DurationMs = 30_000;

    private static AlignedLine Line(double confidence, params (string Word, int Start, int End)[] words) =>
        new(words[0].Start, words[^1].End, string.Join(' ', words.Select(w => w.Word)),
            words.Select(w => new AlignedWord(w.Word, w.Start, w.End, confidence)).ToArray());

    private static readonly AlignedLine[] Tier1 =
    [
        Line(0.9, ("Bonjour", 1_000, 1_500), ("toi", 1_600, 2_000)),
        Line(0.1, ("comment", 2_100, 2_200), ("ça", 2_200, 2_300), ("va", 2_300, 2_400)),
        Line(0.9, ("très", 9_000, 9_400), ("bien", 9_500, 10_000)),
    ];

    [Fact]
    public void Weak_lines_are_retimed_from_the_asr_and_the_rest_is_kept()
    {
        var transcript = new AsrTranscript(
        [
            new(" Bonjour", 0.9, 1.4, 0.9), // outside the weak window: ignored
            new(" comment", 4.0, 4.5, 0.8), new(" ça", 5.0, 5.3, 0.8), new(" va", 5.4, 6.0, 0.8),
            new(" très", 9.1, 9.3, 0.8),
        ], []);

        var result = SegmentRetimer.Retime(Tier1, transcript, DurationMs);

        Assert.Equal([1], result.WeakLines);
        Assert.Equal([1], result.RetimedLines);
        Assert.Same(Tier1[0], result.Lines[0]);
        Assert.Same(Tier1[2], result.Lines[2]);
        Assert.Equal((4_000, 6_000), (result.Lines[1].StartMs, result.Lines[1].EndMs));
        Assert.Equal(["comment", "ça", "va"], result.Lines[1].Words.Select(w => w.Word));
        Assert.Equal("comment ça va", result.Lines[1].Text);
        Assert.Empty(TimingContractValidator.Validate(result.Lines, DurationMs));
    }

    [Fact]
    public void A_weak_line_the_asr_did_not_recognise_keeps_its_tier1_times()
    {
        var transcript = new AsrTranscript([new(" blah", 4.0, 4.5, 0.8)], []);
        var result = SegmentRetimer.Retime(Tier1, transcript, DurationMs);

        Assert.Equal([1], result.WeakLines);
        Assert.False(result.AnyRetimed);
        Assert.Equal(Tier1, result.Lines);
    }

    [Fact]
    public void Consecutive_weak_lines_at_the_edges_use_the_audio_bounds()
    {
        AlignedLine[] tier1 =
        [
            Line(0.2, ("la", 100, 200)),
            Line(0.2, ("mer", 300, 400)),
        ];
        var transcript = new AsrTranscript([new(" la", 10, 10.5, 0.9), new(" mer", 20, 21, 0.9)], []);

        var result = SegmentRetimer.Retime(tier1, transcript, DurationMs);

        Assert.Equal([0, 1], result.RetimedLines);
        Assert.Equal(10_000, result.Lines[0].StartMs);
        Assert.Equal(21_000, result.Lines[1].EndMs);
        Assert.Empty(TimingContractValidator.Validate(result.Lines, DurationMs));
    }
}

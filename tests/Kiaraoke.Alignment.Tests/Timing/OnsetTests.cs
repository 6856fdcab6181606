using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment.Tests.Timing;

public sealed class OnsetTests
{
    [Fact]
    public void Spectral_flux_finds_note_onsets_within_a_frame()
    {
        // Silence with three tone bursts starting at 0.5 s, 1.2 s and 2.0 s.
        var samples = new float[48_000];
        foreach (var (startMs, freq) in new[] { (500, 440.0), (1_200, 660.0), (2_000, 550.0) })
        {
            var start = startMs * 16;
            for (var i = 0; i < 4_000; i++)
            {
                samples[start + i] = (float)(0.5 * Math.Sin(2 * Math.PI * freq * i / 16_000));
            }
        }

        var onsets = new SpectralFluxOnsetDetector().Detect(new PcmAudio(16_000, samples));

        foreach (var expected in new[] { 500, 1_200, 2_000 })
        {
            Assert.Contains(onsets, o => Math.Abs(o - expected) <= 35);
        }
    }

    [Fact]
    public void Snapping_moves_starts_within_the_window_and_keeps_order()
    {
        IReadOnlyList<AlignedLine> lines =
        [
            new AlignedLine(1_000, 2_000, "a b", [new AlignedWord("a", 1_000, 1_500, 0.9), new AlignedWord("b", 1_500, 2_000, 0.9)]),
        ];

        var snapped = OnsetSnapper.Snap(lines, [950, 1_420, 5_000], 80);

        Assert.Equal([950, 1_420], snapped[0].Words.Select(w => w.StartMs));
        Assert.Equal(1_420, snapped[0].Words[0].EndMs);
        Assert.Equal(950, snapped[0].StartMs);
        Assert.Empty(TimingContractValidator.Validate(snapped, 10_000));

        var untouched = OnsetSnapper.Snap(lines, [700, 1_700], 80);
        Assert.Equal([1_000, 1_500], untouched[0].Words.Select(w => w.StartMs));
    }
}

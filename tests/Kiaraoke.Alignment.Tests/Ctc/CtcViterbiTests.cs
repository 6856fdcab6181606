using CsCheck;
using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Tests.Ctc;

public sealed class CtcViterbiTests
{
    private const int Classes = 5; // blank + 3 letters + star-like extra column

    [Fact]
    public void Hand_checked_trellis_of_three_frames_and_two_tokens()
    {
        // Frames favour a, then blank, then b: the only sensible path is a - b.
        float[] lp =
        [
            -5f, -0.1f, -5f, -5f, -5f,
            -0.1f, -5f, -5f, -5f, -5f,
            -5f, -5f, -0.1f, -5f, -5f,
        ];
        var path = CtcViterbi.Align(new EmissionMatrix(lp, 3, Classes), [1, 2]);
        Assert.Equal([0, -1, 1], path.TokenIndexPerFrame);
        Assert.Equal(-0.3, path.TotalLogProb, 5);
    }

    [Fact]
    public void Repeated_token_needs_a_blank_between_and_fails_clearly_when_frames_are_short()
    {
        var emissions = new EmissionMatrix(new float[2 * Classes], 2, Classes);
        var error = Assert.Throws<CtcAlignmentException>(() => CtcViterbi.Align(emissions, [1, 1]));
        Assert.Contains("need at least 3 frames", error.Message);
        Assert.Contains("only 2 frames", error.Message);
    }

    [Fact]
    public void Exactly_enough_frames_forces_the_tight_path()
    {
        var emissions = new EmissionMatrix(new float[3 * Classes], 3, Classes);
        var path = CtcViterbi.Align(emissions, [1, 1]);
        Assert.Equal([0, -1, 1], path.TokenIndexPerFrame);
    }

    [Fact]
    public void Rejects_blank_as_target_and_empty_targets()
    {
        var emissions = new EmissionMatrix(new float[4 * Classes], 4, Classes);
        Assert.Throws<ArgumentException>(() => CtcViterbi.Align(emissions, [0]));
        Assert.Throws<CtcAlignmentException>(() => CtcViterbi.Align(emissions, []));
    }

    [Fact]
    public void Ties_follow_torchaudio_order_advance_before_stay()
    {
        // All-equal emissions: at every tie the path advances as early as it can.
        var emissions = new EmissionMatrix(new float[4 * Classes], 4, Classes);
        var path = CtcViterbi.Align(emissions, [1, 2]);
        Assert.Equal([0, 1, 1, 1], path.TokenIndexPerFrame);
    }

    public static readonly Gen<(int Frames, int[] Targets, float[] LogProbs)> Cases =
        from targets in Gen.Int[1, 3].Array[1, 3]
        from frames in Gen.Int[1, 8]
        from values in Gen.Int[-40, 0].Array[frames * Classes]
        select (frames, targets, values.Select(v => v / 10f).ToArray());

    [Fact]
    public void Viterbi_matches_brute_force_over_every_valid_path()
    {
        Cases.Sample(c =>
        {
            var emissions = new EmissionMatrix(c.LogProbs, c.Frames, Classes);
            var best = BruteForce(emissions, c.Targets);
            if (best is null)
            {
                Assert.Throws<CtcAlignmentException>(() => CtcViterbi.Align(emissions, c.Targets));
                return;
            }

            var path = CtcViterbi.Align(emissions, c.Targets);
            Assert.Equal(best.Value, path.TotalLogProb, 1e-3); // float accumulation against a double brute force
            Assert.Equal(path.TotalLogProb, path.FrameLogProb.Sum(v => (double)v), 1e-3);
            AssertValidPath(path.TokenIndexPerFrame, c.Targets);
        }, iter: 3000, seed: "0N0XIzNsQ0O2");
    }

    public static readonly Gen<(int Frames, int[] Targets, float[] LogProbs, int[] First, int[] End)> WindowedCases =
        from c in Cases
        from first in Gen.Int[0, 8].Array[c.Targets.Length]
        from length in Gen.Int[0, 9].Array[c.Targets.Length]
        select (c.Frames, c.Targets, c.LogProbs, first, first.Zip(length, (f, n) => f + n).ToArray());

    [Fact]
    public void Windowed_viterbi_matches_brute_force_over_every_path_that_respects_the_windows()
    {
        WindowedCases.Sample(c =>
        {
            var emissions = new EmissionMatrix(c.LogProbs, c.Frames, Classes);
            var windows = new TokenWindows(c.First, c.End);
            var best = BruteForce(emissions, c.Targets, windows);
            if (best is null)
            {
                Assert.Throws<CtcAlignmentException>(() => CtcViterbi.Align(emissions, c.Targets, 0, windows));
                return;
            }

            var path = CtcViterbi.Align(emissions, c.Targets, 0, windows);
            Assert.Equal(best.Value, path.TotalLogProb, 1e-3); // float accumulation against a double brute force
            AssertValidPath(path.TokenIndexPerFrame, c.Targets);
            for (var t = 0; t < c.Frames; t++)
            {
                if (path.TokenIndexPerFrame[t] is var token and >= 0)
                {
                    Assert.True(windows.Allows(token, t), $"token {token} emitted at frame {t}, outside [{c.First[token]}, {c.End[token]})");
                }
            }
        }, iter: 3000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Viterbi_with_a_position_prior_matches_brute_force_on_emissions_plus_prior()
    {
        var gen = from c in WindowedCases
                  from centres in Gen.Int[0, 8].Array[c.Targets.Length]
                  from widths in Gen.Int[0, 4].Array[c.Targets.Length]
                  select (c, new TokenPositionPrior([.. centres.Select(v => (float)v)], [.. widths.Select(v => v / 4f)]));
        gen.Sample(x =>
        {
            var (c, prior) = x;
            var emissions = new EmissionMatrix(c.LogProbs, c.Frames, Classes);
            var windows = new TokenWindows(c.First, c.End);
            var best = BruteForce(emissions, c.Targets, windows, prior);
            if (best is null)
            {
                Assert.Throws<CtcAlignmentException>(() => CtcViterbi.Align(emissions, c.Targets, 0, windows, prior));
                return;
            }

            var path = CtcViterbi.Align(emissions, c.Targets, 0, windows, prior);
            Assert.Equal(best.Value, path.TotalLogProb, 1e-3); // float accumulation against a double brute force
            var priorSum = Enumerable.Range(0, c.Frames).Where(t => path.TokenIndexPerFrame[t] >= 0).Sum(t => (double)prior.LogPrior(path.TokenIndexPerFrame[t], t));
            Assert.Equal(path.TotalLogProb, path.FrameLogProb.Sum(v => (double)v) + priorSum, 1e-3);
            AssertValidPath(path.TokenIndexPerFrame, c.Targets);
        }, iter: 2000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void A_strong_prior_moves_a_token_to_its_expected_frame_when_the_acoustics_are_flat()
    {
        var emissions = new EmissionMatrix(new float[6 * Classes], 6, Classes);
        var prior = new TokenPositionPrior([4f], [0.5f]);
        Assert.Equal(0, CtcViterbi.Align(emissions, [1]).TokenIndexPerFrame[0]);
        Assert.Equal([-1, -1, -1, -1, 0, -1], CtcViterbi.Align(emissions, [1], 0, null, prior).TokenIndexPerFrame);
    }

    [Fact]
    public void Windows_move_a_token_away_from_its_best_frames()
    {
        // Token b is loudest on frame 1, but its window starts at frame 3.
        float[] lp =
        [
            -5f, -0.1f, -5f, -5f, -5f,
            -5f, -5f, -0.1f, -5f, -5f,
            -0.1f, -5f, -5f, -5f, -5f,
            -0.1f, -5f, -5f, -5f, -5f,
        ];
        var emissions = new EmissionMatrix(lp, 4, Classes);
        Assert.Equal([0, 1, -1, -1], CtcViterbi.Align(emissions, [1, 2]).TokenIndexPerFrame);
        var windowed = CtcViterbi.Align(emissions, [1, 2], 0, new TokenWindows([0, 3], [4, 4]));
        Assert.Equal(1, windowed.TokenIndexPerFrame[3]);
        Assert.DoesNotContain(1, windowed.TokenIndexPerFrame[..3]);
    }

    [Fact]
    public void Windows_that_leave_no_path_fail_clearly()
    {
        var emissions = new EmissionMatrix(new float[4 * Classes], 4, Classes);
        var error = Assert.Throws<CtcAlignmentException>(() => CtcViterbi.Align(emissions, [1, 2], 0, new TokenWindows([2, 0], [4, 2])));
        Assert.Contains("line windows", error.Message);
        Assert.Throws<ArgumentException>(() => CtcViterbi.Align(emissions, [1, 2], 0, new TokenWindows([0], [4])));
        Assert.Throws<ArgumentException>(() => new TokenWindows([3], [2]));
    }

    private static void AssertValidPath(int[] tokenIndex, int[] targets)
    {
        // Token indices never go back, never skip a token, and every token is visited.
        var expected = 0;
        var previous = -1;
        foreach (var index in tokenIndex)
        {
            if (index < 0)
            {
                previous = -1;
                continue;
            }

            if (index != previous)
            {
                Assert.Equal(expected, index);
                if (index > 0 && previous == index - 1)
                {
                    Assert.NotEqual(targets[index], targets[index - 1]); // repeats need a blank between
                }

                expected++;
            }

            previous = index;
        }

        Assert.Equal(targets.Length, expected);
    }

    private static double? BruteForce(EmissionMatrix e, int[] targets, TokenWindows? windows = null, TokenPositionPrior? prior = null)
    {
        var states = (2 * targets.Length) + 1;
        int Label(int s) => (s & 1) == 0 ? 0 : targets[s / 2];
        double? best = null;

        void Walk(int t, int s, double score)
        {
            if ((s & 1) == 1 && windows is not null && !windows.Allows(s / 2, t))
            {
                return;
            }

            score += e[t, Label(s)] + ((s & 1) == 1 && prior is not null ? prior.LogPrior(s / 2, t) : 0);
            if (t == e.Frames - 1)
            {
                if (s >= states - 2 && (best is null || score > best))
                {
                    best = score;
                }

                return;
            }

            Walk(t + 1, s, score);
            if (s + 1 < states)
            {
                Walk(t + 1, s + 1, score);
            }

            if (s + 2 < states && ((s + 2) & 1) == 1 && targets[(s + 2) / 2] != targets[((s + 2) / 2) - 1])
            {
                Walk(t + 1, s + 2, score);
            }
        }

        Walk(0, 0, 0);
        Walk(0, 1, 0);
        return best;
    }
}

using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Tests.Ctc;

/// <summary>
/// The band's claim: on every frame, the states on at least one complete window-respecting path are exactly
/// <c>[LowestState, HighestState]</c>, with no gap — checked against forward reachability and backward
/// co-reachability over the full trellis.
/// </summary>
public sealed class ViterbiBandTests
{
    [Fact]
    public void Band_is_exactly_the_states_on_some_complete_path()
    {
        for (var seed = 0; seed < 2000; seed++)
        {
            var random = new Random(seed);
            var tokens = random.Next(1, 12);
            var targets = Enumerable.Range(0, tokens).Select(_ => 1 + random.Next(random.Next(2) == 0 ? 2 : 5)).ToArray();
            var frames = Math.Max(1, CtcViterbi.MinimumFrames(targets) + random.Next(-1, 15));
            TokenWindows? windows = null;
            if (random.Next(3) > 0)
            {
                var first = Enumerable.Range(0, tokens).Select(_ => random.Next(0, frames)).ToArray();
                windows = new TokenWindows(first, [.. first.Select(f => f + random.Next(0, frames + 1))]);
            }

            var feasible = FeasibleStates(targets, frames, windows);
            using var workspace = new ViterbiWorkspace(frames, tokens, 8);
            var built = frames >= CtcViterbi.MinimumFrames(targets) && ViterbiBand.TryBuild(targets, frames, windows, workspace);
            var anyPath = feasible[frames - 1].Any(f => f);
            Assert.True(built == anyPath, $"seed {seed}: band built {built}, a complete path exists {anyPath}");
            if (!built)
            {
                continue;
            }

            for (var t = 0; t < frames; t++)
            {
                var states = Enumerable.Range(0, feasible[t].Length).Where(s => feasible[t][s]).ToArray();
                Assert.True(workspace.LowestState[t] == states.Min() && workspace.HighestState[t] == states.Max(), $"seed {seed}, frame {t}: band [{workspace.LowestState[t]}, {workspace.HighestState[t]}], states on paths [{states.Min()}, {states.Max()}]");
                Assert.True(states.Length == states.Max() - states.Min() + 1, $"seed {seed}, frame {t}: the states on paths have a gap");
            }
        }
    }

    /// <summary>Per frame, which of the 2L + 1 states lie on a complete path that keeps every token inside its window.</summary>
    private static bool[][] FeasibleStates(int[] targets, int frames, TokenWindows? windows)
    {
        var states = (2 * targets.Length) + 1;
        bool Allowed(int t, int s) => (s & 1) == 0 || windows is null || windows.Allows(s / 2, t);
        bool Step(int from, int to) =>
            to == from || to == from + 1 || (to == from + 2 && (to & 1) == 1 && targets[to / 2] != targets[(to / 2) - 1]);

        var forward = new bool[frames][];
        for (var t = 0; t < frames; t++)
        {
            forward[t] = new bool[states];
            for (var s = 0; s < states; s++)
            {
                forward[t][s] = Allowed(t, s) && (t == 0
                    ? s <= 1
                    : Enumerable.Range(Math.Max(0, s - 2), Math.Min(3, s + 1)).Any(p => forward[t - 1][p] && Step(p, s)));
            }
        }

        var backward = new bool[frames][];
        for (var t = frames - 1; t >= 0; t--)
        {
            backward[t] = new bool[states];
            for (var s = 0; s < states; s++)
            {
                backward[t][s] = Allowed(t, s) && (t == frames - 1
                    ? s >= states - 2
                    : Enumerable.Range(s, Math.Min(3, states - s)).Any(n => backward[t + 1][n] && Step(s, n)));
            }
        }

        return [.. Enumerable.Range(0, frames).Select(t => Enumerable.Range(0, states).Select(s => forward[t][s] && backward[t][s]).ToArray())];
    }
}

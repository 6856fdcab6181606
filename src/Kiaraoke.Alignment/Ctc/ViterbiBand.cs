namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// The states the Viterbi pass visits on each frame: those on at least one complete path. Token i can only be emitted
/// on frames <c>[EarliestFrame[i], LatestFrame[i]]</c>: no earlier than the tokens before it allow (one frame each, two
/// between repeated tokens) nor before its line window opens, and no later than the tokens after it allow nor after
/// its window closes. Both bounds rise with i, so every frame's states form one contiguous range
/// <c>[LowestState, HighestState]</c> (state 2i is the blank before token i, 2i + 1 the token itself): line windows
/// narrow the band instead of being checked cell by cell, and the pass never touches a cell outside it.
/// </summary>
internal static class ViterbiBand
{
    /// <summary>
    /// Bit masks of backpointers per vector of tokens and frame — blank advanced, letter advanced, letter skipped —
    /// each of <c>width / 8</c> bytes (lane k in bit k % 8 of byte k / 8).
    /// </summary>
    public const int BackpointerMasks = 3;

    /// <summary>
    /// Fills the workspace's per-token frame bounds, per-frame state range, vector-aligned band start and backpointer
    /// offsets. Returns false when the windows leave no path.
    /// </summary>
    public static bool TryBuild(ReadOnlySpan<int> targets, int frames, TokenWindows? windows, ViterbiWorkspace workspace)
    {
        var length = targets.Length;
        var earliest = workspace.EarliestFrame.AsSpan(0, length);
        var latest = workspace.LatestFrame.AsSpan(0, length);
        for (var i = 0; i < length; i++)
        {
            var afterPrevious = i == 0 ? 0 : earliest[i - 1] + (targets[i] == targets[i - 1] ? 2 : 1);
            earliest[i] = windows is null ? afterPrevious : Math.Max(afterPrevious, windows.FirstFrame[i]);
        }

        for (var i = length - 1; i >= 0; i--)
        {
            var beforeNext = i == length - 1 ? frames - 1 : latest[i + 1] - (targets[i] == targets[i + 1] ? 2 : 1);
            latest[i] = windows is null ? beforeNext : Math.Min(beforeNext, windows.EndFrame[i] - 1);
            if (latest[i] < earliest[i])
            {
                return false;
            }
        }

        var lowest = workspace.LowestState.AsSpan(0, frames);
        var highest = workspace.HighestState.AsSpan(0, frames);
        var firstVectorToken = workspace.FirstVectorToken.AsSpan(0, frames);
        var offsets = workspace.BackpointerOffset.AsSpan(0, frames + 1);
        var width = workspace.Width;
        var mustHaveEmitted = 0; // Tokens whose latest frame is before t: all behind the path by frame t.
        var canHaveEmitted = 0; // Tokens whose earliest frame is t or before.
        offsets[0] = 0;
        for (var t = 0; t < frames; t++)
        {
            while (mustHaveEmitted < length && latest[mustHaveEmitted] < t)
            {
                mustHaveEmitted++;
            }

            while (canHaveEmitted < length && earliest[canHaveEmitted] <= t)
            {
                canHaveEmitted++;
            }

            var next = mustHaveEmitted;
            lowest[t] = next == length ? 2 * length : latest[next] > t ? 2 * next : (2 * next) + 1;
            var last = canHaveEmitted - 1;
            highest[t] = last < 0 ? 0 : earliest[last] < t ? (2 * last) + 2 : (2 * last) + 1;

            // Blank i and token i share vector lane i; the band covers tokens lowest/2 .. highest/2.
            firstVectorToken[t] = lowest[t] / 2 / width * width;
            var endVectorToken = ((highest[t] / 2 / width) + 1) * width;
            offsets[t + 1] = offsets[t] + (t == 0 ? 0 : BackpointerMasks * (endVectorToken - firstVectorToken[t]) / 8);
        }

        return true;
    }

    /// <summary>One past the last token of frame <paramref name="frame"/>'s band, rounded up to a whole vector.</summary>
    public static int EndVectorToken(ViterbiWorkspace workspace, int frame) =>
        ((workspace.HighestState[frame] / 2 / workspace.Width) + 1) * workspace.Width;
}

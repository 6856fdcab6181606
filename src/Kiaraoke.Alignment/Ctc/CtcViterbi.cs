namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// Viterbi forced alignment over the standard CTC topology (blank, c1, blank, c2, …, blank). Max-product in log
/// space; on ties the path stays rather than advances, and advances rather than skips (torchaudio's CPU kernel).
/// Only states on at least one complete path are visited (<see cref="ViterbiBand"/>: reachable, able to finish, and
/// inside the line windows), in whole SIMD vectors (<see cref="ViterbiForwardPass"/>); backpointers take 3 bits per
/// band token and frame, and all scratch memory is pooled (<see cref="ViterbiWorkspace"/> states the bytes).
/// Thread-safe: each call rents its own workspace.
/// </summary>
public static class CtcViterbi
{
    /// <summary>Fewest frames that can emit <paramref name="targets"/>: one per token plus a blank between repeated tokens.</summary>
    public static int MinimumFrames(ReadOnlySpan<int> targets)
    {
        var frames = targets.Length;
        for (var i = 1; i < targets.Length; i++)
        {
            if (targets[i] == targets[i - 1])
            {
                frames++;
            }
        }

        return frames;
    }

    /// <summary>
    /// The best CTC path of <paramref name="targets"/> over <paramref name="emissions"/>. With
    /// <paramref name="windows"/>, token i may only be emitted on frames inside its window; a text whose windows
    /// leave no path fails with <see cref="CtcAlignmentException"/>. With <paramref name="prior"/>, each frame a token
    /// is held adds its log-prior to the path's score and total (the per-frame log-probabilities stay the model's own).
    /// </summary>
    public static CtcPath Align(
        EmissionMatrix emissions,
        ReadOnlySpan<int> targets,
        int blankId = 0,
        TokenWindows? windows = null,
        TokenPositionPrior? prior = null) =>
        Align(emissions, targets, blankId, windows, prior, ViterbiWorkspace.NativeWidth);

    /// <summary><see cref="Align(EmissionMatrix, ReadOnlySpan{int}, int, TokenWindows?, TokenPositionPrior?)"/> with vectors of <paramref name="vectorWidth"/> floats (8, or 16 where accelerated).</summary>
    internal static CtcPath Align(
        EmissionMatrix emissions, ReadOnlySpan<int> targets, int blankId, TokenWindows? windows, TokenPositionPrior? prior, int vectorWidth)
    {
        Validate(emissions, targets, blankId, windows, prior);
        using var workspace = new ViterbiWorkspace(emissions.Frames, targets.Length, vectorWidth);
        if (!ViterbiBand.TryBuild(targets, emissions.Frames, windows, workspace))
        {
            throw new CtcAlignmentException("No CTC path can emit this text inside its line windows: the line times leave too little room for the lyrics.");
        }

        FillTokenTables(targets, blankId, prior, workspace);
        workspace.RentBackpointers(workspace.BackpointerOffset[emissions.Frames]);
        ViterbiForwardPass.Run(emissions, blankId, prior, workspace);
        return ViterbiBacktrack.Run(emissions, blankId, workspace, windows is not null);
    }

    private static void Validate(EmissionMatrix emissions, ReadOnlySpan<int> targets, int blankId, TokenWindows? windows, TokenPositionPrior? prior)
    {
        var length = targets.Length;
        if (length == 0)
        {
            throw new CtcAlignmentException("There is no text to align (no target token).");
        }

        if (blankId < 0 || blankId >= emissions.Columns)
        {
            throw new ArgumentException($"The blank id {blankId} is outside the {emissions.Columns} emission columns.");
        }

        for (var i = 0; i < length; i++)
        {
            if (targets[i] == blankId || targets[i] < 0 || targets[i] >= emissions.Columns)
            {
                throw new ArgumentException($"Target {i} has id {targets[i]}, which is the blank or outside the {emissions.Columns} emission columns.");
            }
        }

        if (windows is not null && windows.Count != length)
        {
            throw new ArgumentException($"There are {windows.Count} token windows for {length} target tokens.");
        }

        if (prior is not null && prior.Count != length)
        {
            throw new ArgumentException($"There are {prior.Count} token priors for {length} target tokens.");
        }

        var needed = MinimumFrames(targets);
        if (emissions.Frames < needed)
        {
            throw new CtcAlignmentException(
                $"The lyrics need at least {needed} frames ({needed * EmissionMatrix.FrameMs / 1000.0:0.00} s at 20 ms) " +
                $"but the audio has only {emissions.Frames} frames ({emissions.Frames * EmissionMatrix.FrameMs / 1000.0:0.00} s): " +
                "the text is too long for this audio, or the audio is not the right one.");
        }
    }

    /// <summary>Targets padded with the blank to whole vectors, the skip rule per token, and the prior per token.</summary>
    private static void FillTokenTables(ReadOnlySpan<int> targets, int blankId, TokenPositionPrior? prior, ViterbiWorkspace workspace)
    {
        var padded = workspace.PaddedTokens;
        targets.CopyTo(workspace.Targets);
        Array.Fill(workspace.Targets, blankId, targets.Length, padded - targets.Length);
        var skipPenalty = workspace.SkipPenalty;
        Array.Fill(skipPenalty, float.NegativeInfinity, 0, padded);
        for (var i = 1; i < targets.Length; i++)
        {
            if (targets[i] != targets[i - 1])
            {
                skipPenalty[i] = 0f;
            }
        }

        if (prior is not null)
        {
            workspace.RentPrior(prior);
        }
    }
}

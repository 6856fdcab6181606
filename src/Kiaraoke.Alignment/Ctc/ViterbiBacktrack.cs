namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// Walks the backpointers of <see cref="ViterbiForwardPass"/> from the last frame to the first. The path ends on
/// the last token, or on the final blank only when that is strictly better (torchaudio's rule).
/// </summary>
internal static class ViterbiBacktrack
{
    public static CtcPath Run(EmissionMatrix emissions, int blankId, ViterbiWorkspace workspace, bool windowed)
    {
        var frames = emissions.Frames;
        var columns = emissions.Columns;
        var logProbs = emissions.LogProbs;
        var length = workspace.Tokens;
        var finalBlank = workspace.BlankScores[length + ViterbiWorkspace.Pad];
        var lastLetter = workspace.LetterScores[length - 1 + ViterbiWorkspace.Pad];
        var onLetter = !(finalBlank > lastLetter);
        var token = onLetter ? length - 1 : length;
        var total = onLetter ? lastLetter : finalBlank;
        if (float.IsNegativeInfinity(total))
        {
            throw new CtcAlignmentException(!windowed
                ? "No CTC path can emit this text on this audio (every path has zero probability)."
                : "No CTC path can emit this text inside its line windows: the line times leave too little room for the lyrics.");
        }

        var targets = workspace.Targets;
        var backpointers = workspace.Backpointers;
        var width = workspace.Width;
        var maskBytes = width / 8;
        var tokenIndex = new int[frames];
        var frameLogProb = new float[frames];
        for (var t = frames - 1; t >= 0; t--)
        {
            tokenIndex[t] = onLetter ? token : -1;
            frameLogProb[t] = logProbs[(t * columns) + (onLetter ? targets[token] : blankId)];
            if (t == 0)
            {
                break;
            }

            var lane = token - workspace.FirstVectorToken[t];
            var bytes = workspace.BackpointerOffset[t] + (ViterbiBand.BackpointerMasks * maskBytes * (lane / width)) + (lane % width / 8);
            var bit = 1 << (lane % 8);
            if (!onLetter)
            {
                if ((backpointers[bytes] & bit) != 0)
                {
                    (onLetter, token) = (true, token - 1); // from the token before this blank
                }
            }
            else if ((backpointers[bytes + (2 * maskBytes)] & bit) != 0)
            {
                token--; // skipped the blank from the previous token
            }
            else if ((backpointers[bytes + maskBytes] & bit) != 0)
            {
                onLetter = false; // from the blank before this token
            }
        }

        return new CtcPath(tokenIndex, frameLogProb, total);
    }
}

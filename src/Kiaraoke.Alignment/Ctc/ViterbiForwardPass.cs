using System.Runtime.Intrinsics;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// The max-product recurrence over the band, frame by frame, with blank states and letter states in two rows indexed
/// by token (blank i precedes token i, blank L ends the path):
/// <code>
/// blank[i]  ← max(stay blank[i], advance letter[i−1])                               + e(blank)
/// letter[i] ← max(stay letter[i], advance blank[i], skip letter[i−1] if labels differ) + e(target i) + prior
/// </code>
/// The blank's emission is one broadcast value per frame and the letters' emissions one in-register lookup per vector
/// of tokens, so no per-cell scalar work is left; the loop over a frame's band is <see cref="ViterbiFrame512"/> where
/// 512-bit vectors are accelerated, else <see cref="ViterbiFrame256"/>. Ties go to stay, then advance, then skip: a
/// move wins only when it is strictly better, as in torchaudio's CPU kernel. Backpointers take one bit per blank cell
/// (advanced) and two per letter cell (advanced, skipped).
/// </summary>
internal static class ViterbiForwardPass
{
    /// <summary>Runs frames 0..T−1; afterwards the workspace's current rows hold the last frame's scores.</summary>
    public static void Run(EmissionMatrix emissions, int blankId, TokenPositionPrior? prior, ViterbiWorkspace workspace)
    {
        var frames = emissions.Frames;
        var columns = emissions.Columns;
        var logProbs = emissions.LogProbs;
        var wide = workspace.Width == Vector512<float>.Count;
        var rowLength = workspace.RowLength;
        var targets = workspace.Targets;
        var inRegisters = wide ? EmissionLookup512.InRegisters(columns) : EmissionLookup256.InRegisters(columns);
        if (!inRegisters)
        {
            workspace.RentLetterEmissions();
        }

        Array.Fill(workspace.BlankScores, float.NegativeInfinity, 0, rowLength);
        Array.Fill(workspace.LetterScores, float.NegativeInfinity, 0, rowLength);
        Array.Fill(workspace.NextBlankScores, float.NegativeInfinity, 0, rowLength);
        Array.Fill(workspace.NextLetterScores, float.NegativeInfinity, 0, rowLength);
        if (workspace.LowestState[0] == 0)
        {
            workspace.BlankScores[ViterbiWorkspace.Pad] = logProbs[blankId];
        }

        if (workspace.HighestState[0] >= 1)
        {
            workspace.LetterScores[ViterbiWorkspace.Pad] = logProbs[targets[0]] + (prior?.LogPrior(0, 0) ?? 0f);
        }

        // The lowest cell each row may still hold a value in from the frame it last received (frame 0 for both).
        var staleFrom = 0;
        var nextStaleFrom = 0;
        var backpointers = workspace.Backpointers;
        for (var t = 1; t < frames; t++)
        {
            var firstToken = workspace.FirstVectorToken[t];
            var endToken = ViterbiBand.EndVectorToken(workspace, t);
            var offset = workspace.BackpointerOffset[t];

            // Every index below is inside the arrays: the band ends at most at PaddedTokens (the row length less the
            // pad), the band start never falls, and the frame's backpointers end at the next frame's offset.
            if (endToken > workspace.PaddedTokens || nextStaleFrom > firstToken || workspace.BackpointerOffset[t + 1] > backpointers.Length)
            {
                throw new InvalidOperationException("The Viterbi band is inconsistent with its workspace.");
            }

            // Cells that left the band since this row was last written must not keep their old values.
            Array.Fill(workspace.NextBlankScores, float.NegativeInfinity, nextStaleFrom + ViterbiWorkspace.Pad, firstToken - nextStaleFrom);
            Array.Fill(workspace.NextLetterScores, float.NegativeInfinity, nextStaleFrom + ViterbiWorkspace.Pad, firstToken - nextStaleFrom);
            nextStaleFrom = firstToken;

            var row = logProbs.AsSpan(t * columns, columns);
            if (inRegisters)
            {
                row.CopyTo(workspace.EmissionTable);
            }
            else
            {
                var letterEmissions = workspace.LetterEmissions!;
                for (var i = firstToken; i < endToken; i++)
                {
                    letterEmissions[i] = row[targets[i]];
                }
            }

            ref var frameBackpointers = ref backpointers[offset];
            if (wide)
            {
                var blank = Vector512.Create(row[blankId]);
                var lookup = inRegisters ? new EmissionLookup512(workspace.EmissionTable) : default;
                switch (inRegisters, prior is not null)
                {
                    case (true, false):
                        ViterbiFrame512.Run<Yes, No>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                        break;
                    case (true, true):
                        ViterbiFrame512.Run<Yes, Yes>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                        break;
                    case (false, false):
                        ViterbiFrame512.Run<No, No>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                        break;
                    default:
                        ViterbiFrame512.Run<No, Yes>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                        break;
                }
            }
            else
            {
                var blank = Vector256.Create(row[blankId]);
                var lookup = inRegisters ? new EmissionLookup256(workspace.EmissionTable) : default;
                switch (inRegisters, prior is not null)
                {
                    case (true, false):
                        ViterbiFrame256.Run<Yes, No>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                        break;
                    case (true, true):
                        ViterbiFrame256.Run<Yes, Yes>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                        break;
                    case (false, false):
                        ViterbiFrame256.Run<No, No>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                        break;
                    default:
                        ViterbiFrame256.Run<No, Yes>(workspace, lookup, blank, t, firstToken, endToken, ref frameBackpointers);
                        break;
                }
            }

            MaskOutsideBand(workspace, t, firstToken, endToken);
            workspace.SwapScoreRows();
            (staleFrom, nextStaleFrom) = (nextStaleFrom, staleFrom);
        }
    }

    /// <summary>
    /// Sets the cells of the whole vectors that lie outside the frame's exact band to −∞: they were computed only
    /// because vectors are whole, and a path through them would break a line window or never finish.
    /// </summary>
    private static void MaskOutsideBand(ViterbiWorkspace workspace, int frame, int firstToken, int endToken)
    {
        var lowest = workspace.LowestState[frame];
        var highest = workspace.HighestState[frame];
        var blanks = workspace.NextBlankScores.AsSpan(ViterbiWorkspace.Pad);
        var letters = workspace.NextLetterScores.AsSpan(ViterbiWorkspace.Pad);
        var firstBlank = (lowest + 1) / 2; // state 2i ≥ lowest
        var lastBlank = highest / 2;
        var firstLetter = lowest / 2; // state 2i + 1 ≥ lowest
        var lastLetter = ((highest + 1) / 2) - 1;
        blanks[firstToken..Math.Max(firstToken, firstBlank)].Fill(float.NegativeInfinity);
        blanks[Math.Min(endToken, lastBlank + 1)..endToken].Fill(float.NegativeInfinity);
        letters[firstToken..Math.Max(firstToken, firstLetter)].Fill(float.NegativeInfinity);
        letters[Math.Min(endToken, Math.Max(firstToken, lastLetter + 1))..endToken].Fill(float.NegativeInfinity);
    }

    /// <summary>A compile-time yes/no for generic specialisation of the frame loops.</summary>
    internal interface IFlag
    {
        static abstract bool IsSet { get; }
    }

    internal readonly struct Yes : IFlag
    {
        public static bool IsSet => true;
    }

    internal readonly struct No : IFlag
    {
        public static bool IsSet => false;
    }
}

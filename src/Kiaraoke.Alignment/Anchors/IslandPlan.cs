using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Anchors;

/// <summary>
/// What <see cref="AnchorAndFill"/> asks of the second Viterbi pass: the windows that pin the islands and bound the
/// stretches between them, the prior that spreads each stretch's characters over its voiced frames, and counts of
/// lines by role (for the output's quality block and the bench).
/// </summary>
public sealed record IslandPlan(TokenWindows Windows, TokenPositionPrior Prior, int IslandLines, int FillLines);

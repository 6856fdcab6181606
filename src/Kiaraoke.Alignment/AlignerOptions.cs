using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment;

/// <summary>Every knob of one forced alignment, with the defaults the service and CLI use.</summary>
public sealed record AlignerOptions
{
    public EmissionOptions Emissions { get; init; } = new();

    /// <summary>Wildcards at both edges (intro/outro) and, by default, between lines (instrumental breaks happen there).</summary>
    public StarPlacement Stars { get; init; } = StarPlacement.EdgesAndLineBreaks;

    /// <summary>
    /// Log-probability a <c>&lt;star&gt;</c> wildcard frame scores (0 = free, as in the reference aligner). Below 0, a
    /// star only takes frames where the model's own labels score worse, so it no longer takes the held end of a line
    /// or lets the lyrics bunch up anywhere for free.
    /// </summary>
    public float StarLogProb { get; init; }

    /// <summary>
    /// Stretches of audio quieter than this many dB under the song's loud frames (95th percentile), lasting at least
    /// <see cref="QuietMinimumMs"/>, hold no letter (see <see cref="VoiceActivity.QuietStretches"/>); null turns the
    /// gate off. −12 dB was chosen on the UltraStar dev songs (benchmarks/ultrastar-dev.txt): on the separated-vocal
    /// stem of Space Invaders, without line times, words more than 1 s off went from 92.9 % (no gate, or −20 dB) to
    /// 69.8 % (−15), 55.5 % (−12) and 52.7 % (−9); on the four full mixes nothing changed at −12 (the music keeps the
    /// level up). −9 was not taken: soft singing on a stem sits closer to it.
    /// </summary>
    public double? QuietThresholdDb { get; init; } = -12;

    public int QuietMinimumMs { get; init; } = 1_500;

    /// <summary>
    /// Stretches where the per-frame voice activity (the model's head, or 1 − P(blank) smoothed; see
    /// <see cref="VoiceActivity.FrameVoiceActivity"/>) stays under this probability for at least
    /// <see cref="VoiceMinimumMs"/> hold no letter either (see <see cref="VoiceActivity.VoicelessStretches"/>); null turns
    /// this gate off, the default: on the UltraStar dev mixes and the Space Invaders stem (benchmarks/ultrastar-dev.txt,
    /// lines none) no threshold helped either model. kiaraoke-ctc-v2 (derived): words over 1 s off 49.8 % (off, 0.02,
    /// 0.05) → 61.5 % (0.2) on the mixes, 55.5 % → 80.4 % (0.1) on the stem; kiaraoke-ctc-v3 (its head): 19.9 % (off)
    /// → 20.5–21.4 % (0.2–0.7) on the mixes, 8.2 % unchanged on the stem. See docs/alignment-weak-evidence.md.
    /// </summary>
    public double? VoiceThreshold { get; init; }

    public int VoiceMinimumMs { get; init; } = 1_500;
    /// <summary>
    /// A soft voice gate: every letter's log-prob on a frame is lowered by this weight × −ln(voice activity) (see
    /// <see cref="VoiceActivity.FrameVoiceActivity"/>; activity floored at 0.001); 0 turns it off.
    /// </summary>
    public double VoiceCostWeight { get; init; }

    /// <summary>
    /// Most letter-free time (blank or star frames) a word's start moves back before its first letter's spike; the
    /// same for every word, wherever it sits in its line. 0, 20 and 40 ms gave start AAE within 4 ms of each other on
    /// the UltraStar dev songs.
    /// </summary>
    public int StartPaddingMs { get; init; } = 20;

    /// <summary>
    /// Most letter-free time a word's end moves forward after its last letter: over half the gap to the next word of
    /// its line, or, for a line's last word, over the gap to the next line (a held vowel is blank frames for a peaky
    /// CTC model, and the star after the line used to take them all, ending the word at its spike). 200 ms beat 400
    /// and 600 on end AAE on every dev set (UltraStar dev mixes and stem, synthetic seed 101; oracle and lrc lines);
    /// see docs/alignment-weak-evidence.md.
    /// </summary>
    public int EndPaddingMs { get; init; } = 200;

    /// <summary>
    /// Without line times: anchor-and-fill (see <see cref="Anchors.AnchorAndFill"/>). After the whole-song pass, lines
    /// with a confidence of at least <see cref="IslandConfidence"/> (in runs of two or more) stay within
    /// <see cref="IslandMarginMs"/> of where it put them, and a second pass spreads the other lines' characters over the
    /// voiced frames between them, with a flat zone of this fraction of each stretch's length; 0 turns it off.
    /// </summary>
    public double FillPriorWidth { get; init; }
    public double IslandConfidence { get; init; } = 0.5;
    public int IslandMarginMs { get; init; } = 300;
    /// <summary>Use the lyric's line times (LRC, synced lines) as anchors: each line's characters stay inside a window around its time.</summary>
    public bool UseLineTimes { get; init; } = true;

    /// <summary>
    /// With line times that carry a sung end (<see cref="Text.Lyrics.SungEndMs"/>: synced lines with real ends, an
    /// imported UltraStar/ASS/TTML file; not an LRC), a line's last placed word ends at that end (see
    /// <see cref="Timing.SungLineEnds"/>). The user's line end is better evidence of a held last note than a peaky
    /// model's spike.
    /// </summary>
    public bool UseSungLineEnds { get; init; } = true;
    /// <summary>How far a line's window reaches beyond its annotated start and end (line times are rarely exact).</summary>
    public int LineMarginMs { get; init; } = 1_000;

    /// <summary>How far a word's first character may sit from its Enhanced-LRC word tag (inside its line's window).</summary>
    public int WordAnchorMarginMs { get; init; } = 300;

    /// <summary>
    /// With line times: look for a whole-file offset up to ±<see cref="LrcOffsetMaxMs"/> (see
    /// <see cref="Anchors.LrcOffsetDetector"/>) and move every line time by it when the estimate is confident and at
    /// least <see cref="LrcOffsetMinimumMs"/>. Costs one extra Viterbi pass.
    /// </summary>
    public bool DetectLrcOffset { get; init; } = true;

    public int LrcOffsetMaxMs { get; init; } = 3_000;

    /// <summary>Smaller estimates are left to the line windows (per-line error of a hand-synced LRC is of this order).</summary>
    public int LrcOffsetMinimumMs { get; init; } = 500;

    /// <summary>
    /// With line times whose end is a sung end (not the next line's start): the width, as a fraction of the line's
    /// duration, of a soft prior that keeps each character near where spreading the line by character count would put
    /// it (flat within that width, falling off beyond; see <see cref="LineSpreadPrior"/>; 0 disables it).
    /// 0.08 is the RMS error of that spread on a synthetic calibration set (seed 303), and the best of 0.04–0.32 on the
    /// sum of two synthetic held-out sets with oracle lines (seed 101, vocals +0…+20 dB over the music: AAE 0.072 →
    /// 0.063 s; seed 404, −10/−5 dB: 0.672 → 0.332 s). The benchmark's real songs played no part in the choice.
    /// </summary>
    public double LinePriorWidth { get; init; } = 0.08;

    /// <summary>
    /// With line times that are starts only (an LRC): the half-width of a soft prior on each line's first character
    /// around its start (see <see cref="LineStartPrior"/>); 0 disables it. Chosen on the UltraStar dev mixes, the Space
    /// Invaders stem and synthetic seed 101 with `--lines lrc` (start AAE, song mean; kiaraoke-ctc-v2 / v3):
    /// off 0.279 / 0.189 (mixes), 0.375 / 0.183 (stem); 100 ms 0.199 / –, 0.183 / –; 150 ms 0.192 / 0.151,
    /// 0.192 / 0.099; 300 ms 0.230 / 0.176, 0.313 / 0.181; 500 ms and more ≈ off. Synthetic: 0.074 → 0.073 (v2).
    /// With an extra whole-file offset of ±400 ms (under the offset detector's 500 ms) 150 ms still gave 0.198 / 0.200
    /// against 0.328 / 0.322 off (v2, mixes): it keeps lines from sliding to their window's edge rather than pinning
    /// them to the LRC's time.
    /// </summary>
    public int LineStartPriorMs { get; init; } = 150;
    /// <summary>
    /// With line times: a line whose characters' mean probability stays under this value is not trusted to the
    /// acoustic path and is spread by character count over its own window instead (0 disables the fallback).
    /// </summary>
    public double LineFallbackConfidence { get; init; }

    /// <summary>Snap word starts to a spectral-flux onset within <see cref="OnsetWindowMs"/>.</summary>
    public bool OnsetRefinement { get; init; }

    public int OnsetWindowMs { get; init; } = 80;

    /// <summary>
    /// How word confidence (and so <c>confidence_avg</c> and the quality gate) is read off the path. The default, the
    /// ratio to the model's best letter, was chosen on the UltraStar dev songs: a character probability stays under
    /// 0.2 on real singing whether the alignment is right or not, so the gate refused every real song.
    /// </summary>
    public Quality.ConfidenceMeasure Confidence { get; init; } = Quality.ConfidenceMeasure.BestLetterRatio;

    /// <summary>Align a shuffled decoy of the lyrics too, and report how much better the lyrics fit (<see cref="Quality.DecoyLyrics"/>).</summary>
    public bool DecoyCheck { get; init; } = true;
}

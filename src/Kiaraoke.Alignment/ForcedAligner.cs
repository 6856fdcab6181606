using System.Diagnostics;
using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Anchors;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Quality;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment;

/// <summary>
/// Tier 1: CTC forced alignment of known lyrics on decoded audio. Emissions are computed once for the whole song;
/// the whole song is one Viterbi pass with wildcards between lines and, with line times (LRC, synced lines), each
/// line's characters held inside a window around the line's time. Thread-safe when the model is.
/// </summary>
public sealed class ForcedAligner(IEmissionModel model, CtcVocabulary vocabulary, AlignerOptions options)
{
    public AlignerOptions Options { get; } = options;

    public AlignmentResult Align(PcmAudio audio, Lyrics lyrics, CancellationToken cancellationToken = default, IProgress<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = -1;
        var emissions = EmissionWindowing.Compute(
            model,
            audio.Samples,
            Options.Emissions,
            cancellationToken,
            progress is null ? null : new Progress<double>(p =>
            {
                var percent = (int)(p * 100);
                if (percent / 10 != lastReport / 10)
                {
                    lastReport = percent;
                    progress.Report($"emissions {percent}%");
                }
            }));
        var emissionTime = clock.Elapsed;
        return AlignEmissions(audio, emissions, lyrics, emissionTime, cancellationToken, progress);
    }

    /// <summary>Aligns with emissions computed beforehand (the benchmark reuses them across runs).</summary>
    public AlignmentResult AlignEmissions(
        PcmAudio audio,
        EmissionMatrix emissions,
        Lyrics lyrics,
        TimeSpan emissionTime = default,
        CancellationToken cancellationToken = default,
        IProgress<string>? progress = null)
    {
        if (lyrics.WordCount == 0)
        {
            throw new LyricsFormatException("The lyrics contain no words: there is nothing to align.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report("viterbi");
        emissions = WithStarScore(emissions, Options.StarLogProb);
        if (Options.VoiceCostWeight > 0)
        {
            emissions = WithVoiceCost(emissions, VoiceActivity.FrameVoiceActivity.For(emissions, vocabulary.BlankId), Options.VoiceCostWeight, vocabulary.BlankId);
        }

        if (LetterFreeFrames(audio, emissions) is { } letterFree)
        {
            emissions = WithoutLettersWhere(emissions, letterFree, vocabulary.BlankId);
        }

        var clock = Stopwatch.StartNew();
        AnchorReport? anchors = null;
        DecoyFit? margin = null;
        var provisional = Options.UseLineTimes && lyrics.HasLineTimes
            ? AlignAnchored(emissions, ref lyrics, audio.DurationMs, out anchors, ref margin)
            : AlignWhole(emissions, lyrics, ref margin);
        var viterbiTime = clock.Elapsed;

        progress?.Report("postprocess");
        clock.Restart();
        var lines = WordTimeline.Build(lyrics, provisional, audio.DurationMs);
        if (Options.OnsetRefinement)
        {
            var onsets = new SpectralFluxOnsetDetector().Detect(audio);
            lines = OnsetSnapper.Snap(lines, onsets, Options.OnsetWindowMs);
        }

        TimingContractValidator.Enforce(lines, audio.DurationMs);
        return new AlignmentResult(lines, audio.DurationMs, new StageTimings(TimeSpan.Zero, emissionTime, viterbiTime, clock.Elapsed)) { Anchors = anchors, DecoyFit = margin };
    }

    /// <summary>Frames in a quiet (energy) or voiceless (voice activity) stretch, by the gates switched on; null when both are off.</summary>
    private bool[]? LetterFreeFrames(PcmAudio audio, EmissionMatrix emissions)
    {
        bool[]? letterFree = null;
        if (Options.QuietThresholdDb is { } quietDb)
        {
            letterFree = VoiceActivity.QuietStretches.Find(audio.Samples, emissions.Frames, quietDb, Options.QuietMinimumMs / EmissionMatrix.FrameMs);
        }

        if (Options.VoiceThreshold is { } voiceThreshold)
        {
            var activity = VoiceActivity.FrameVoiceActivity.For(emissions, vocabulary.BlankId);
            var voiceless = VoiceActivity.VoicelessStretches.Find(activity, voiceThreshold, Options.VoiceMinimumMs / EmissionMatrix.FrameMs);
            letterFree ??= new bool[emissions.Frames];
            for (var t = 0; t < voiceless.Length; t++)
            {
                letterFree[t] |= voiceless[t];
            }
        }

        return letterFree;
    }

    private ProvisionalWord[] AlignWhole(EmissionMatrix emissions, Lyrics lyrics, ref DecoyFit? margin)
    {
        var targets = BuildTargets(lyrics);
        var path = CtcViterbi.Align(emissions, targets.Tokens, vocabulary.BlankId);
        margin = Margin(emissions, targets, path, null, null);
        var words = Words(path, targets, emissions);
        if (Options.FillPriorWidth <= 0)
        {
            return words;
        }

        // Anchor-and-fill: a second pass that keeps the confident lines where they are and spreads the others over
        // the voiced time between them (the decoy margin stays the first, unconstrained pass's).
        var plan = AnchorAndFill.Plan(
            path,
            targets,
            LineConfidences(lyrics, words),
            VoiceActivity.FrameVoiceActivity.For(emissions, vocabulary.BlankId),
            Options.IslandConfidence,
            Options.IslandMarginMs / EmissionMatrix.FrameMs,
            Options.FillPriorWidth);
        var filled = CtcViterbi.Align(emissions, targets.Tokens, vocabulary.BlankId, plan.Windows, plan.Prior);
        return Words(filled, targets, emissions);
    }

    /// <summary>Per lyric line, the mean confidence of its placed words; NaN for a line with none placed.</summary>
    private static double[] LineConfidences(Lyrics lyrics, ProvisionalWord[] words)
    {
        var confidences = new double[lyrics.Lines.Count];
        var word = 0;
        for (var l = 0; l < lyrics.Lines.Count; l++)
        {
            var sum = 0.0;
            var placed = 0;
            foreach (var _ in lyrics.Lines[l].Words)
            {
                if (words[word].StartMs is not null)
                {
                    sum += words[word].Confidence;
                    placed++;
                }

                word++;
            }

            confidences[l] = placed == 0 ? double.NaN : sum / placed;
        }

        return confidences;
    }

    private DecoyFit? Margin(EmissionMatrix emissions, AlignmentTargets targets, CtcPath path, TokenWindows? windows, TokenPositionPrior? prior) =>
        Options.DecoyCheck ? DecoyLyrics.Measure(emissions, targets, path, vocabulary.BlankId, windows, prior) : null;

    private AlignmentTargets BuildTargets(Lyrics lyrics)
    {
        var targets = AlignmentTargets.Build(lyrics.Lines, vocabulary, Options.Stars, lyrics.Language);
        if (targets.CharacterCount == 0)
        {
            throw new CtcAlignmentException("No lyric word contains a letter the acoustic model knows: there is nothing to align.");
        }

        return targets;
    }

    private ProvisionalWord[] Words(CtcPath path, AlignmentTargets targets, EmissionMatrix emissions) =>
        WordSpanExtractor.Extract(path, targets, emissions, Options.StartPaddingMs / EmissionMatrix.FrameMs, Options.EndPaddingMs / EmissionMatrix.FrameMs, Options.Confidence, vocabulary.BlankId).Select(ToProvisional).ToArray();

    /// <summary>
    /// One global path whose line characters are held inside their line windows (see <see cref="LineAnchorWindows"/>).
    /// Lines the acoustic path is not trusted on (<see cref="AlignerOptions.LineFallbackConfidence"/>) are spread
    /// over their annotated time instead. A confident whole-file offset (<see cref="LrcOffsetDetector"/>) moves every
    /// line time first; <paramref name="lyrics"/> comes back with the times used.
    /// </summary>
    private ProvisionalWord[] AlignAnchored(EmissionMatrix emissions, ref Lyrics lyrics, int durationMs, out AnchorReport report, ref DecoyFit? margin)
    {
        var targets = BuildTargets(lyrics);
        var offsetMs = 0;
        LrcOffsetEstimate? estimate = null;
        if (Options.DetectLrcOffset)
        {
            estimate = LrcOffsetDetector.Estimate(emissions, lyrics, targets, vocabulary.BlankId, durationMs, Options.LrcOffsetMaxMs);
            if (estimate.Confident && Math.Abs(estimate.OffsetMs) >= Options.LrcOffsetMinimumMs)
            {
                offsetMs = estimate.OffsetMs;
                lyrics = LrcOffsetDetector.Shift(lyrics, offsetMs);
            }
        }

        var anchors = LineAnchorWindows.BuildAnchors(lyrics, targets, emissions.Frames, Options.LineMarginMs / EmissionMatrix.FrameMs, durationMs, Options.WordAnchorMarginMs / EmissionMatrix.FrameMs);
        var windows = anchors.Windows;
        report = new AnchorReport(offsetMs, anchors.TimedLines, anchors.WidenedLines, anchors.WordAnchors, anchors.DroppedWordAnchors, AnchorsAbandoned: false) { OffsetEstimate = estimate };
        var prior = Options.LinePriorWidth > 0 ? LineSpreadPrior.Build(lyrics, targets, durationMs, Options.LinePriorWidth) : null;
        if (Options.LineStartPriorMs > 0)
        {
            prior = LineStartPrior.Add(prior, lyrics, targets, Math.Max(1, Options.LineStartPriorMs / EmissionMatrix.FrameMs));
        }

        CtcPath path;
        try
        {
            path = CtcViterbi.Align(emissions, targets.Tokens, vocabulary.BlankId, windows, prior);
        }
        catch (CtcAlignmentException)
        {
            // Line times that leave no room at all (an LRC of another edit): the unanchored path still places the words.
            report = report with { AnchorsAbandoned = true };
            var free = CtcViterbi.Align(emissions, targets.Tokens, vocabulary.BlankId);
            margin = Margin(emissions, targets, free, null, null);
            return Words(free, targets, emissions);
        }

        margin = Margin(emissions, targets, path, windows, prior);
        var result = Words(path, targets, emissions);
        if (Options.UseSungLineEnds)
        {
            result = SungLineEnds.Apply(lyrics, result, EmissionMatrix.FrameMs);
        }

        if (Options.LineFallbackConfidence > 0)
        {
            var firstWord = 0;
            for (var i = 0; i < lyrics.Lines.Count; i++)
            {
                var line = lyrics.Lines[i];
                if (line.StartMs is { } startMs && LineConfidence(path, targets.LineTokens[i]) is { } confidence && confidence < Options.LineFallbackConfidence)
                {
                    var endMs = Math.Clamp(Math.Max(lyrics.LineEndMs(i, durationMs), startMs + EmissionMatrix.FrameMs), 0, durationMs);
                    SpreadLine(line, startMs, endMs, firstWord, result);
                }

                firstWord += line.Words.Count;
            }
        }

        return result;
    }

    /// <summary>Mean probability of the frames the path gives to a line's character tokens; null when it has none.</summary>
    private static double? LineConfidence(CtcPath path, Range lineTokens)
    {
        var sum = 0.0;
        var frames = 0;
        for (var t = 0; t < path.TokenIndexPerFrame.Length; t++)
        {
            var token = path.TokenIndexPerFrame[t];
            if (token >= lineTokens.Start.Value && token < lineTokens.End.Value)
            {
                sum += Math.Exp(path.FrameLogProb[t]);
                frames++;
            }
        }

        return frames == 0 ? null : sum / frames;
    }

    private static void SpreadLine(LyricLine line, int startMs, int endMs, int firstWord, ProvisionalWord[] result)
    {
        var times = CharacterCountSpread.Spread(line.Words.Select(w => w.Text).ToArray(), startMs, endMs);
        for (var k = 0; k < times.Length; k++)
        {
            result[firstWord + k] = new ProvisionalWord(times[k].StartMs, times[k].EndMs, 0, WordTimingSource.LineSpread);
        }
    }

    // The emissions with the star column set to the star's score (a copy: callers may reuse theirs).
    private static EmissionMatrix WithStarScore(EmissionMatrix emissions, float starLogProb)
    {
        if (starLogProb == 0f)
        {
            return emissions;
        }

        var values = (float[])emissions.LogProbs.Clone();
        for (var t = 0; t < emissions.Frames; t++)
        {
            values[(t * emissions.Columns) + emissions.Columns - 1] = starLogProb;
        }

        return new EmissionMatrix(values, emissions.Frames, emissions.Columns) { VoiceActivity = emissions.VoiceActivity };
    }

    /// <summary>
    /// The emissions with every letter made all but impossible (log-prob <see cref="QuietLetterLogProb"/>) on the
    /// given frames; blank and star keep their scores. A penalty, not −∞: line times that demand letters there still
    /// have a path.
    /// </summary>
    private static EmissionMatrix WithoutLettersWhere(EmissionMatrix emissions, bool[] frames, int blankId) =>
        frames.Contains(true)
            ? WithLetters(emissions, blankId, (t, logProb) => frames[t] ? Math.Min(logProb, QuietLetterLogProb) : logProb)
            : emissions;

    private const float QuietLetterLogProb = -30f;

    /// <summary>Voice activity is read as at least this much, so a letter never costs more than weight × ln(1/this).</summary>
    private const float VoiceCostFloor = 1e-3f;

    /// <summary>
    /// The emissions with every letter's log-prob lowered by <paramref name="weight"/> × −ln(voice activity) on each
    /// frame: a soft version of the voice gate, letters cost more where the lead voice is unlikely; blank and star
    /// keep their scores.
    /// </summary>
    private static EmissionMatrix WithVoiceCost(EmissionMatrix emissions, float[] activity, double weight, int blankId)
    {
        var cost = activity.Select(a => (float)(weight * Math.Log(Math.Max(a, VoiceCostFloor)))).ToArray();
        return WithLetters(emissions, blankId, (t, logProb) => logProb + cost[t]);
    }

    /// <summary>A copy of the emissions with every letter's log-prob on frame t replaced by <paramref name="letter"/>(t, log-prob); blank and star unchanged.</summary>
    private static EmissionMatrix WithLetters(EmissionMatrix emissions, int blankId, Func<int, float, float> letter)
    {
        var values = (float[])emissions.LogProbs.Clone();
        var letters = emissions.Columns - 1;
        for (var t = 0; t < emissions.Frames; t++)
        {
            var row = values.AsSpan(t * emissions.Columns, letters);
            for (var c = 0; c < letters; c++)
            {
                if (c != blankId)
                {
                    row[c] = letter(t, row[c]);
                }
            }
        }

        return new EmissionMatrix(values, emissions.Frames, emissions.Columns) { VoiceActivity = emissions.VoiceActivity };
    }

    private static ProvisionalWord ToProvisional(WordSpan? span) =>
        span is { } s
            ? new ProvisionalWord(s.StartFrame * EmissionMatrix.FrameMs, s.EndFrame * EmissionMatrix.FrameMs, s.Confidence, WordTimingSource.Acoustic)
            : new ProvisionalWord(null, null, 0, WordTimingSource.Interpolated);
}

using System.Diagnostics;
using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Alignment;

/// <summary>
/// Tier 1: CTC forced alignment of known lyrics on decoded audio. Emissions are computed once for the whole song;
/// with line times (LRC, synced lines) each line is aligned inside its own window, otherwise the whole song is one
/// Viterbi pass with wildcards between lines. Thread-safe when the model is.
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

        progress?.Report("viterbi");
        var clock = Stopwatch.StartNew();
        var provisional = Options.UseLineTimes && lyrics.HasLineTimes
            ? AlignByLine(emissions, lyrics, audio.DurationMs, cancellationToken)
            : AlignWhole(emissions, lyrics);
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
        var result = new AlignmentResult(lines, audio.DurationMs, new StageTimings(TimeSpan.Zero, emissionTime, viterbiTime, clock.Elapsed));
        return result;
    }

    private ProvisionalWord[] AlignWhole(EmissionMatrix emissions, Lyrics lyrics)
    {
        var targets = AlignmentTargets.Build(lyrics.Lines, vocabulary, Options.Stars);
        if (targets.CharacterCount == 0)
        {
            throw new CtcAlignmentException("No lyric word contains a letter the acoustic model knows: there is nothing to align.");
        }

        var path = CtcViterbi.Align(emissions, targets.Tokens, vocabulary.BlankId);
        var spans = WordSpanExtractor.Extract(path, targets, emissions, 0, lyrics.WordCount, PaddingFrames);
        return spans.Select(span => ToProvisional(span, 0)).ToArray();
    }

    private ProvisionalWord[] AlignByLine(EmissionMatrix emissions, Lyrics lyrics, int durationMs, CancellationToken cancellationToken)
    {
        var result = new ProvisionalWord[lyrics.WordCount];
        var firstWord = 0;
        var floorFrame = 0;
        var marginFrames = Options.LineMarginMs / EmissionMatrix.FrameMs;
        for (var i = 0; i < lyrics.Lines.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = lyrics.Lines[i];
            var startMs = line.StartMs!.Value;
            var endMs = line.EndMs ?? (i + 1 < lyrics.Lines.Count ? lyrics.Lines[i + 1].StartMs!.Value : durationMs);
            endMs = Math.Clamp(Math.Max(endMs, startMs + EmissionMatrix.FrameMs), 0, durationMs);

            var targets = AlignmentTargets.Build([line], vocabulary, StarPlacement.Edges, firstWord);
            var windowStart = Math.Clamp((startMs / EmissionMatrix.FrameMs) - marginFrames, floorFrame, Math.Max(floorFrame, emissions.Frames - 1));
            var windowEnd = Math.Min(emissions.Frames, (endMs / EmissionMatrix.FrameMs) + marginFrames);
            var needed = CtcViterbi.MinimumFrames(targets.Tokens);
            if (windowEnd - windowStart < needed)
            {
                windowEnd = Math.Min(emissions.Frames, windowStart + needed);
            }

            if (targets.CharacterCount == 0)
            {
                // Nothing singable on this line: its words are interpolated later.
                for (var k = 0; k < line.Words.Count; k++)
                {
                    result[firstWord + k] = new ProvisionalWord(null, null, 0, WordTimingSource.Interpolated);
                }
            }
            else if (windowEnd - windowStart < needed)
            {
                SpreadLine(line, startMs, endMs, firstWord, result);
            }
            else
            {
                var window = emissions.Slice(windowStart, windowEnd - windowStart);
                var path = CtcViterbi.Align(window, targets.Tokens, vocabulary.BlankId);
                var spans = WordSpanExtractor.Extract(path, targets, window, firstWord, line.Words.Count, PaddingFrames);
                var lastCharFrame = -1;
                if (LineConfidence(path, targets) < Options.LineFallbackConfidence)
                {
                    SpreadLine(line, startMs, endMs, firstWord, result);
                    firstWord += line.Words.Count;
                    floorFrame = Math.Max(floorFrame, startMs / EmissionMatrix.FrameMs);
                    continue;
                }

                for (var k = 0; k < spans.Length; k++)
                {
                    result[firstWord + k] = ToProvisional(spans[k], windowStart);
                }

                for (var t = path.TokenIndexPerFrame.Length - 1; t >= 0 && lastCharFrame < 0; t--)
                {
                    var token = path.TokenIndexPerFrame[t];
                    if (token >= 0 && targets.WordOfToken[token] >= 0)
                    {
                        lastCharFrame = t;
                    }
                }

                floorFrame = windowStart + lastCharFrame + 1;
            }

            firstWord += line.Words.Count;
        }

        return result;
    }

    /// <summary>Mean probability of the frames the path gives to the line's characters.</summary>
    private static double LineConfidence(CtcPath path, AlignmentTargets targets)
    {
        var sum = 0.0;
        var count = 0;
        for (var t = 0; t < path.TokenIndexPerFrame.Length; t++)
        {
            var token = path.TokenIndexPerFrame[t];
            if (token >= 0 && targets.WordOfToken[token] >= 0)
            {
                sum += Math.Exp(path.FrameLogProb[t]);
                count++;
            }
        }

        return count == 0 ? 0 : sum / count;
    }

    private static void SpreadLine(LyricLine line, int startMs, int endMs, int firstWord, ProvisionalWord[] result)
    {
        var times = CharacterCountSpread.Spread(line.Words.Select(w => w.Text).ToArray(), startMs, endMs);
        for (var k = 0; k < times.Length; k++)
        {
            result[firstWord + k] = new ProvisionalWord(times[k].StartMs, times[k].EndMs, 0, WordTimingSource.LineSpread);
        }
    }

    private int PaddingFrames => Options.MaxBlankPaddingMs / EmissionMatrix.FrameMs;

    private static ProvisionalWord ToProvisional(WordSpan? span, int frameOffset) =>
        span is { } s
            ? new ProvisionalWord((s.StartFrame + frameOffset) * EmissionMatrix.FrameMs, (s.EndFrame + frameOffset) * EmissionMatrix.FrameMs, s.Confidence, WordTimingSource.Acoustic)
            : new ProvisionalWord(null, null, 0, WordTimingSource.Interpolated);
}

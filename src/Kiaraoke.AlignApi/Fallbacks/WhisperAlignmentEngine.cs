using System.Diagnostics;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.Alignment.Timing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>
/// Tiers 2 and 3: a Whisper back end over HTTP, its words mapped onto the known lyrics (every lyric word, in order, in
/// its line, no hallucination token), or emitted as heard when there are no lyrics. Failures are
/// <see cref="AsrBackendException"/>s whose <see cref="AsrBackendException.Reason"/> becomes the fallback reason.
/// </summary>
public abstract class WhisperAlignmentEngine(
    ISpeechToText backend, TranscriptMemo memo, IOptions<WhisperFallbackOptions> options, ILogger logger) : IAlignmentEngine
{
    public abstract AlignmentTier Tier { get; }

    public string Source => backend.Name;

    public string ModelVersion => backend.ModelVersion;

    public bool IsAvailable => backend.IsConfigured;

    public async Task<AlignmentResult> AlignAsync(AlignmentJob job, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var transcript = await memo.GetOrTranscribeAsync(job, backend, cancellationToken).ConfigureAwait(false);
        var transcribed = clock.Elapsed;
        clock.Restart();
        var mapping = WhisperTierAligner.MapTranscript(transcript, job.Lyrics, job.Audio.DurationMs, options.Value, backend.Name, logger);
        return new AlignmentResult(mapping.Lines, job.Audio.DurationMs, new StageTimings(TimeSpan.Zero, transcribed, TimeSpan.Zero, clock.Elapsed));
    }
}

/// <summary>Tier 2: Kiaraoke's shared whisper-asr-webservice.</summary>
public sealed class SharedWhisperAlignmentEngine(
    SharedWhisperClient client, TranscriptMemo memo, IOptions<WhisperFallbackOptions> options, ILogger<SharedWhisperAlignmentEngine> logger)
    : WhisperAlignmentEngine(client, memo, options, logger)
{
    public override AlignmentTier Tier => AlignmentTier.SharedWhisper;
}

/// <summary>Tier 3: Groq's hosted Whisper; available only with GROQ_API_KEY.</summary>
public sealed class GroqWhisperAlignmentEngine(
    GroqWhisperClient client, TranscriptMemo memo, IOptions<WhisperFallbackOptions> options, ILogger<GroqWhisperAlignmentEngine> logger)
    : WhisperAlignmentEngine(client, memo, options, logger)
{
    public override AlignmentTier Tier => AlignmentTier.GroqWhisper;
}

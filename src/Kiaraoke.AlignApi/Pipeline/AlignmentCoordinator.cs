using System.Diagnostics;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Fallbacks;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.AlignApi.Telemetry;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Text;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Pipeline;

/// <summary>The audio of one request: a file on disk, deleted afterwards when the request uploaded it.</summary>
public sealed class AudioInput(string path, bool temporary) : IDisposable
{
    public string Path { get; } = path;

    /// <summary>True for an upload the request owns (deleted after use), false for a file under the vocals root.</summary>
    public bool IsTemporary { get; } = temporary;

    public void Dispose()
    {
        if (IsTemporary)
        {
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
                // Best effort: the temp folder is cleaned by the OS.
            }
        }
    }
}

/// <summary>A validated alignment request.</summary>
public sealed record AlignmentInput(
    TrackKey Key,
    string Language,
    Lyrics Lyrics,
    string LyricsText,
    AudioInput Audio,
    string? ArtistName,
    string? TrackName,
    bool ForceRegenerate)
{
    /// <summary>Told each stage the computation reaches (slot, decoding, aligning, storing); the job routes report it as PROGRESS.</summary>
    public Action<string>? OnStage { get; init; }
}

public sealed record AlignOutcome(StoredTimestamps Entry, bool FromCache);

/// <summary>
/// Cache → single flight (in process) → the track's turn (across replicas) → inference slot → decode → tier router →
/// store. A valid cached entry (same engine version, model and post-processing flags, or a user correction) is served
/// without computing; otherwise concurrent requests for one track share one computation, which waits for one of N
/// inference slots or is refused when the queue is full. A replica that waited for another's turn reads that result.
/// </summary>
public sealed class AlignmentCoordinator(
    TierRouter router,
    IWordTimestampStore store,
    WriteRetryQueue writes,
    ITrackComputationLock computationLock,
    InferenceLimiter limiter,
    FfmpegAudioDecoder decoder,
    IOptionsMonitor<AlignmentOptions> alignmentOptions,
    IOptionsMonitor<ServiceLimitsOptions> limits,
    IOptionsMonitor<PersistenceOptions> persistence,
    TimeProvider timeProvider,
    AlignMetrics metrics,
    ILogger<AlignmentCoordinator> logger,
    LyricsLookup lyricsLookup)
{
    public SingleFlight<AlignOutcome> Flights { get; } = new();

    /// <summary>
    /// The cached entry if it may be reused: not expired, and made by the engine version, model and post-processing
    /// flags in use now (a user correction always may). A store that cannot be read counts as a miss, unless a result
    /// waiting in the write queue answers.
    /// </summary>
    public async Task<StoredTimestamps?> GetValidAsync(TrackKey key, CancellationToken cancellationToken)
    {
        StoredTimestamps? entry;
        using (AlignActivity.Source.StartActivity("cache"))
        {
            try
            {
                // Kiaraoke's row order, skipping the rows that may not be reused: a stale row never hides a valid one.
                entry = await store.GetAsync(key, IsCurrent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                StoreLog.StoreReadFailed(logger, key.ToString(), store.Description, ex.Message);

                // A result computed while the database is down is still acknowledged: it answers from the write queue.
                entry = writes.FindPending(key, IsCurrent, timeProvider.GetUtcNow());
            }
        }

        metrics.CacheLookup(entry is null ? "miss" : "hit");
        return entry;
    }

    public async Task<AlignOutcome> AlignAsync(AlignmentInput input, CancellationToken cancellationToken)
    {
        // The audio file belongs to the computation that uses it; a request that joins another's flight (or is
        // served from the cache) deletes its own copy here.
        var computed = false;
        try
        {
            if (!input.ForceRegenerate && await GetValidAsync(input.Key, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                AlignLog.CacheHit(logger, input.Key.ToString(), cached.Source, cached.CreatedAt);
                return new AlignOutcome(cached, FromCache: true);
            }

            var (outcome, _) = await Flights.RunAsync(
                await Task.Run(() => FlightKey.For(input), cancellationToken).ConfigureAwait(false),
                ct =>
                {
                    computed = true;
                    return ComputeInTurnAsync(input, ct);
                },
                cancellationToken).ConfigureAwait(false);
            return outcome;
        }
        finally
        {
            if (!computed)
            {
                input.Audio.Dispose();
            }
        }
    }

    /// <summary>Takes the track's turn across replicas; one that waited serves what the holder stored, if it may.</summary>
    private async Task<AlignOutcome> ComputeInTurnAsync(AlignmentInput input, CancellationToken cancellationToken)
    {
        ITrackComputationTurn turn;
        StoredTimestamps? stored;
        try
        {
            turn = await computationLock.AcquireAsync(input.Key, cancellationToken).ConfigureAwait(false);
            try
            {
                // Read again even without waiting: another replica may have stored it between our look-up and our turn.
                stored = input.ForceRegenerate ? null : await GetValidAsync(input.Key, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await turn.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            // Cancelled while waiting for the turn: the audio was never handed to a computation.
            input.Audio.Dispose();
            throw;
        }

        await using (turn)
        {
            if (stored is not null)
            {
                input.Audio.Dispose();
                AlignLog.CacheHit(logger, input.Key.ToString(), stored.Source, stored.CreatedAt);
                return new AlignOutcome(stored, FromCache: true);
            }

            return new AlignOutcome(await ComputeAsync(input, cancellationToken).ConfigureAwait(false), FromCache: false);
        }
    }

    private async Task<StoredTimestamps> ComputeAsync(AlignmentInput input, CancellationToken cancellationToken)
    {
        using var audioFile = input.Audio;
        input.OnStage?.Invoke("waiting_for_slot");
        using var lease = await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            metrics.Rejected();
            AlignLog.InferenceQueueFull(logger, input.Key.ToString(), (int)limiter.RetryAfter.TotalSeconds);
            throw new ApiProblemException(
                StatusCodes.Status429TooManyRequests,
                "Too many alignments",
                $"All {limiter.PermitLimit} inference slot(s) are busy and {limiter.QueueLimit} request(s) already wait; retry later.",
                limiter.RetryAfter);
        }

        metrics.Computation();
        var clock = Stopwatch.StartNew();
        using var activity = AlignActivity.Source.StartActivity("align");
        activity?.SetTag("kiaraoke.track_id", input.Key.ToString());

        input.OnStage?.Invoke("decoding");
        var audio = await DecodeAsync(input.Audio.Path, cancellationToken).ConfigureAwait(false);
        var maxSeconds = limits.CurrentValue.MaxAudioSeconds;
        if (audio.DurationSeconds > maxSeconds)
        {
            throw ApiProblemException.BadRequest($"The audio lasts {audio.DurationSeconds:0.0} s; the limit is {maxSeconds} s (KARAOKE_MAX_AUDIO_SECONDS).");
        }

        if (input.Lyrics.WordCount == 0
            && await lyricsLookup.FindAsync(input.ArtistName, input.TrackName, audio.DurationSeconds, cancellationToken).ConfigureAwait(false) is { } found)
        {
            input = input with { Lyrics = found.Lyrics, LyricsText = found.LyricsText };
        }

        var job = new AlignmentJob(input.Key.ToString(), input.Audio.Path, audio, input.Lyrics, input.LyricsText, input.Language);
        RoutedAlignment routed;
        input.OnStage?.Invoke("aligning");
        try
        {
            routed = await router.AlignAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (AlignmentFailedException ex)
        {
            throw ex.InputProblem
                ? new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Lyrics cannot be aligned on this audio", ex.Message)
                : new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "No alignment tier available", ex.Message, TimeSpan.FromSeconds(30));
        }

        var options = alignmentOptions.CurrentValue;
        var now = timeProvider.GetUtcNow();
        // A degraded result is kept only briefly, so a later request with a better model or tier replaces it.
        var timeToLive = routed.Degraded
            ? TimeSpan.FromDays(persistence.CurrentValue.DegradedTtlDays)
            : TimestampSources.TimeToLive(routed.Engine.Source, persistence.CurrentValue);
        var fallbackReason = routed.Degraded && routed.FallbackReason?.Contains(StoredTimestamps.DegradedMarker, StringComparison.Ordinal) != true
            ? $"{routed.FallbackReason ?? "gate_rejected"} ({StoredTimestamps.DegradedMarker})"
            : routed.FallbackReason;
        var entry = new StoredTimestamps(
            input.Key,
            routed.Engine.Source,
            input.Language,
            routed.Engine.ModelVersion,
            options.EngineVersion,
            (int)routed.Engine.Tier,
            fallbackReason,
            routed.Result.Lines,
            Math.Round(routed.Quality.ConfidenceAverage, 3),
            routed.Quality.WordCount,
            routed.Result.Lines.Count == 0 ? 0 : routed.Result.Lines[^1].EndMs,
            input.ArtistName,
            input.TrackName,
            now,
            timeToLive is { } ttl ? now.Add(ttl) : null,
            PostprocessFlagSet.For(options))
        {
            LrcOffsetMs = routed.Result.Anchors?.LrcOffsetMs,
            UnmetAnchors = routed.Result.Anchors?.UnmetAnchors,
        };

        input.OnStage?.Invoke("storing");
        using (AlignActivity.Source.StartActivity("cache"))
        {
            // The caller gets its result even when the database is down: the write then waits in the retry queue.
            await writes.SaveAsync(entry).ConfigureAwait(false);
        }

        metrics.Delivered(entry.TierUsed, entry.ConfidenceAverage);
        activity?.SetTag("kiaraoke.tier_used", entry.TierUsed);
        AlignLog.AlignmentCompleted(logger, input.Key.ToString(), entry.TierUsed, entry.Source, entry.ModelVersion, clock.ElapsedMilliseconds, entry.WordCount, entry.ConfidenceAverage, entry.FallbackReason);
        return entry;
    }

    /// <summary>
    /// Whether a stored row may be served instead of computing. User corrections and Musixmatch rows always may (no
    /// engine here makes them again). A row of Kiaraoke's worker may when its confidence reaches Tier 1's gate, as
    /// Kiaraoke's back end serves it. Anything else must come from this engine version and these post-processing flags,
    /// and from the model that its tier's engine has loaded now, compared as the table stores it (50 characters).
    /// </summary>
    public bool IsCurrent(StoredTimestamps entry)
    {
        if (TimestampSources.IsCurated(entry.Source))
        {
            return true;
        }

        var options = alignmentOptions.CurrentValue;
        if (TimestampSources.IsKiaraokeWorker(entry.Source))
        {
            return !entry.IsDegraded && entry.ConfidenceAverage >= options.MinConfidenceAverage;
        }

        if (entry.EngineVersion != options.EngineVersion || entry.PostprocessFlags != PostprocessFlagSet.For(options))
        {
            return false;
        }

        return Enum.IsDefined((AlignmentTier)entry.TierUsed)
            && router.EngineFor((AlignmentTier)entry.TierUsed) is { } engine
            && WordTimestampsRow.StoredModelVersion(engine.ModelVersion) == WordTimestampsRow.StoredModelVersion(entry.ModelVersion);
    }

    private async Task<PcmAudio> DecodeAsync(string path, CancellationToken cancellationToken)
    {
        using var span = AlignActivity.Source.StartActivity("decode");
        try
        {
            return await Task.Run(() => decoder.Decode(path, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (AudioDecodeException ex) when (ex.Error == AudioDecodeError.DecoderMissing)
        {
            throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "Audio decoder unavailable", ex.Message);
        }
        catch (AudioDecodeException ex)
        {
            // The decoder names the file; callers only know their upload, so keep the message but not our temp path.
            throw ApiProblemException.BadRequest(ex.Message.Replace(path, Path.GetFileName(path), StringComparison.Ordinal));
        }
    }
}

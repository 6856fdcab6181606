using System.Diagnostics;
using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.AlignApi.Telemetry;
using Kiaraoke.Alignment.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Jobs;

/// <summary>
/// Catalogue-wide re-alignment (admin): every row this service made with another engine version, model or
/// post-processing flags is aligned again in the background, in row-id order, at most
/// <see cref="JobOptions.RealignRowsPerMinute"/>. The lyrics are the row's own lines; the vocals are
/// <see cref="JobOptions.VocalsPathTemplate"/> under KARAOKE_VOCALS_ROOT for the row's video (a row without video or
/// vocals is counted as skipped). User corrections and curated sources are never touched, and a result never replaces
/// a newer or better row (the store's upsert). Resumable: the last row done is a job parameter, so a job that a
/// restart interrupted carries on after it.
/// </summary>
public sealed class RealignJob(
    IDbContextFactory<WordTimestampsDbContext> contexts,
    AlignmentCoordinator coordinator,
    IOptionsMonitor<JobOptions> options,
    IOptionsMonitor<ServiceLimitsOptions> limits,
    IHostEnvironment environment,
    ILogger<RealignJob> logger)
{
    public const string Queue = "maintenance";

    public const string ProgressParameter = "progress";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    [JobDisplayName("catalogue re-alignment")]
    public async Task<string> RunAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        var progress = context?.GetJobParameter<string>(ProgressParameter) is { } saved
            ? JsonSerializer.Deserialize<RealignProgress>(saved, JobJson.Options)!
            : new RealignProgress(await CountStaleAsync(0, cancellationToken).ConfigureAwait(false), 0, 0, 0, 0, 0);
        var root = string.IsNullOrWhiteSpace(limits.CurrentValue.VocalsRoot) ? null : EnvironmentOptionsValidator.ResolvePath(environment, limits.CurrentValue.VocalsRoot);
        while (true)
        {
            var row = await NextStaleAsync(progress.LastRowId, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                break;
            }

            var clock = Stopwatch.StartNew();
            var outcome = await RealignAsync(row, root, cancellationToken).ConfigureAwait(false);
            progress = progress with
            {
                Done = progress.Done + 1,
                Realigned = progress.Realigned + (outcome == Outcome.Realigned ? 1 : 0),
                SkippedNoAudio = progress.SkippedNoAudio + (outcome == Outcome.NoAudio ? 1 : 0),
                Failed = progress.Failed + (outcome == Outcome.Failed ? 1 : 0),
                LastRowId = row.Id,
                Total = Math.Max(progress.Total, progress.Done + 1),
            };
            context?.SetJobParameter(ProgressParameter, JsonSerializer.Serialize(progress, JobJson.Options));

            var gap = TimeSpan.FromMinutes(1 / options.CurrentValue.RealignRowsPerMinute) - clock.Elapsed;
            if (gap > TimeSpan.Zero && outcome != Outcome.NoAudio)
            {
                await Task.Delay(gap, cancellationToken).ConfigureAwait(false);
            }
        }

        JobLog.RealignDone(logger, progress.Realigned, progress.SkippedNoAudio, progress.Failed, progress.Total);
        return JsonSerializer.Serialize(progress, JobJson.Options);
    }

    private enum Outcome
    {
        Realigned,
        NoAudio,
        Failed,
    }

    private async Task<Outcome> RealignAsync(WordTimestampsRow row, string? root, CancellationToken cancellationToken)
    {
        var entry = row.ToEntry();
        var path = root is null || row.YoutubeVideoId is null
            ? null
            : Path.GetFullPath(Path.Combine(root, options.CurrentValue.VocalsPathTemplate.Replace("{youtube_video_id}", row.YoutubeVideoId, StringComparison.Ordinal)));
        if (path is null || !path.StartsWith(root!, StringComparison.Ordinal) || !File.Exists(path))
        {
            return Outcome.NoAudio;
        }

        // The row's own words, one line per line: the lyrics it was aligned with.
        var text = string.Join('\n', entry.Lines.Select(l => string.Join(' ', l.Words.Select(w => w.Word))));
        try
        {
            var input = new AlignmentInput(
                entry.Key, string.IsNullOrEmpty(entry.Language) ? "fr" : entry.Language, LyricsReader.Parse(text, LyricsFormat.Plain), text,
                new AudioInput(path, temporary: false), entry.ArtistName, entry.TrackName, ForceRegenerate: true);
            await coordinator.AlignAsync(input, cancellationToken).ConfigureAwait(false);
            return Outcome.Realigned;
        }
        catch (Exception ex) when (ex is ApiProblemException or LyricsFormatException)
        {
            JobLog.RealignRowFailed(logger, row.Id, entry.Key.ToString(), ex.Message);
            return Outcome.Failed;
        }
    }

    private async Task<int> CountStaleAsync(int afterId, CancellationToken cancellationToken)
    {
        var count = 0;
        for (var row = await NextStaleAsync(afterId, cancellationToken).ConfigureAwait(false); row is not null; row = await NextStaleAsync(row.Id, cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    /// <summary>The first row after <paramref name="afterId"/> that this service made and would not reuse now.</summary>
    private async Task<WordTimestampsRow?> NextStaleAsync(int afterId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var lastId = afterId;
        while (true)
        {
            var batch = await db.Rows.AsNoTracking()
                .Where(r => r.Id > lastId && r.Source != TimestampSources.UserCorrected && r.Source != TimestampSources.MusixmatchWord)
                .OrderBy(r => r.Id)
                .Take(100)
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return null;
            }

            // Only this service's rows (they carry tier_used); Kiaraoke's worker rows are its own to redo.
            if (batch.FirstOrDefault(r => r.TierUsed is > 0 && !TimestampSources.IsKiaraokeWorker(r.Source) && !coordinator.IsCurrent(r.ToEntry())) is { } stale)
            {
                return stale;
            }

            lastId = batch[^1].Id;
        }
    }
}

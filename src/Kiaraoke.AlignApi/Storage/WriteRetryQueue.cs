using System.Text.Json;
using System.Text.Json.Nodes;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// Every write of a computed result and every delete goes through here. It is tried at once; when the database cannot
/// be reached it is queued and replayed in the background, so the caller still gets its result. The rules:
/// <list type="bullet">
/// <item>Per track, writes land in the order they were made: a track with a queued delete queues its later writes
/// behind it, and one track's operations never run concurrently (striped locks).</item>
/// <item>A queued write is dropped when a later write of the same row or a delete covering it arrives, and the
/// upsert itself never replaces a newer row, so an old result never overwrites a new one or revives a deleted one.</item>
/// <item>A row the database refuses for good (<see cref="StoreFaults.IsPermanent"/>) is dropped, logged and counted;
/// it never blocks the queue.</item>
/// <item>The queue drains at database speed: after a failure it waits 0.25 s, doubling up to
/// <see cref="PersistenceOptions.WriteRetryIntervalSeconds"/>, and once one write lands the rest follow at once.</item>
/// <item>Each queued operation is also a file under <c>{DataDirectory}/pending-writes/</c>, read back at start-up, so
/// an acknowledged result survives a restart (when that folder is on a persistent volume).</item>
/// </list>
/// Bounded by <see cref="PersistenceOptions.WriteRetryQueueLimit"/>: when full the oldest is dropped (logged, counted).
/// </summary>
public sealed class WriteRetryQueue : BackgroundService
{
    private const int StripeCount = 64;

    private readonly IWordTimestampStore _store;
    private readonly IOptionsMonitor<PersistenceOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly StoreMetrics _metrics;
    private readonly ILogger<WriteRetryQueue> _logger;
    private readonly string? _spillFolder;
    private readonly LinkedList<PendingWrite> _pending = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly SemaphoreSlim _wake = new(0);
    private long _sequence;
    private int _failedAttempts;

    public WriteRetryQueue(
        IWordTimestampStore store,
        IOptionsMonitor<PersistenceOptions> options,
        TimeProvider timeProvider,
        StoreMetrics metrics,
        ILogger<WriteRetryQueue> logger,
        IHostEnvironment environment)
    {
        _store = store;
        _options = options;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _spillFolder = SpillFolder(environment, options.CurrentValue);
        _sequence = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        metrics.PendingWrites = () => Pending;
        Restore();
    }

    /// <summary>How many operations wait for the database.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// The queued result that answers <paramref name="key"/> by Kiaraoke's read rule (<see cref="CacheReadRule"/>), for
    /// reads while the database cannot be reached.
    /// A queued delete has already dropped the writes it covers, so nothing deleted comes back.
    /// </summary>
    public StoredTimestamps? FindPending(TrackKey key, Func<StoredTimestamps, bool> accept, DateTimeOffset now)
    {
        lock (_gate)
        {
            return CacheReadRule.Ordered(_pending.Select(p => p.Entry).OfType<StoredTimestamps>(), key, now).FirstOrDefault(accept);
        }
    }

    /// <summary>True while queued operations wait and the last attempt failed: readiness reports Degraded.</summary>
    public bool IsFailing => Pending > 0 && Volatile.Read(ref _failedAttempts) > 0;

    /// <summary>Stores <paramref name="entry"/> now, or queues it; never throws for a store fault.</summary>
    public async Task SaveAsync(StoredTimestamps entry)
    {
        var stripe = Stripe(entry.Key.SpotifyTrackId);
        await stripe.WaitAsync().ConfigureAwait(false);
        try
        {
            bool blocked;
            lock (_gate)
            {
                RemoveWhere(p => p.Writes(entry.Key));
                blocked = _pending.Any(p => p.Covers(entry.Key));
            }

            if (!blocked)
            {
                try
                {
                    await _store.PutAsync(entry, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (StoreFaults.IsPermanent(ex))
                    {
                        _metrics.Retry("poison");
                        WriteQueueLog.Poisoned(_logger, $"write {entry.Key}", _store.Description, ex.Message);
                        return;
                    }

                    _metrics.WriteFailed();
                    WriteQueueLog.Queued(_logger, $"write {entry.Key}", _store.Description, Pending + 1, ex.Message);
                }
            }

            Enqueue(entry.Key.SpotifyTrackId, entry.Key.YoutubeVideoId, entry);
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>
    /// Deletes the row of that video (or every row of the track) now, or queues the delete when the database cannot be
    /// reached. Queued writes it covers are dropped either way. Returns how many rows went (0 when queued) and whether it was queued.
    /// </summary>
    public async Task<(int Removed, bool Queued)> DeleteAsync(string spotifyTrackId, string? youtubeVideoId)
    {
        var stripe = Stripe(spotifyTrackId);
        await stripe.WaitAsync().ConfigureAwait(false);
        try
        {
            var probe = new PendingWrite(0, spotifyTrackId, youtubeVideoId, null);
            lock (_gate)
            {
                RemoveWhere(p => p.Entry is { } queued && probe.Covers(queued.Key));
            }

            try
            {
                return (await _store.DeleteAsync(spotifyTrackId, youtubeVideoId, CancellationToken.None).ConfigureAwait(false), false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !StoreFaults.IsPermanent(ex))
            {
                WriteQueueLog.Queued(_logger, probe.ToString(), _store.Description, Pending + 1, ex.Message);
                Enqueue(spotifyTrackId, youtubeVideoId, null);
                return (0, true);
            }
        }
        finally
        {
            stripe.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stored = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                PendingWrite? head;
                lock (_gate)
                {
                    head = _pending.First?.Value;
                }

                if (head is null)
                {
                    await _wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var failed = false;
                var stripe = Stripe(head.SpotifyTrackId);
                await stripe.WaitAsync(stoppingToken).ConfigureAwait(false);
                try
                {
                    lock (_gate)
                    {
                        if (_pending.First?.Value != head)
                        {
                            continue; // superseded while we waited for the stripe
                        }
                    }

                    try
                    {
                        await ApplyAsync(head, stoppingToken).ConfigureAwait(false);
                        Remove(head);
                        _metrics.Retry("stored");
                        stored++;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException && StoreFaults.IsPermanent(ex))
                    {
                        Remove(head);
                        _metrics.Retry("poison");
                        WriteQueueLog.Poisoned(_logger, head.ToString(), _store.Description, ex.Message);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        failed = true;
                        _metrics.Retry("failed");
                        var attempts = Interlocked.Increment(ref _failedAttempts);
                        if (attempts == 1 || attempts % 20 == 0)
                        {
                            WriteQueueLog.StillFailing(_logger, _store.Description, Pending, attempts, ex.Message);
                        }
                    }
                }
                finally
                {
                    stripe.Release();
                }

                if (failed)
                {
                    await Task.Delay(Backoff(Volatile.Read(ref _failedAttempts)), _timeProvider, stoppingToken).ConfigureAwait(false);
                }
                else if (Pending == 0 && stored > 0)
                {
                    WriteQueueLog.Drained(_logger, stored, Interlocked.Exchange(ref _failedAttempts, 0));
                    stored = 0;
                }
                else
                {
                    Interlocked.Exchange(ref _failedAttempts, 0);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued stays in the spill folder for the next start.
        }
    }

    private async Task ApplyAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        if (write.Entry is { } entry)
        {
            await _store.PutAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _store.DeleteAsync(write.SpotifyTrackId, write.YoutubeVideoId, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Min(0.25 * Math.Pow(2, Math.Min(attempts - 1, 16)), _options.CurrentValue.WriteRetryIntervalSeconds);
        return TimeSpan.FromSeconds(seconds);
    }

    private void Enqueue(string spotifyTrackId, string? youtubeVideoId, StoredTimestamps? entry)
    {
        var write = new PendingWrite(Interlocked.Increment(ref _sequence), spotifyTrackId, youtubeVideoId, entry);
        PendingWrite? dropped = null;
        lock (_gate)
        {
            _pending.AddLast(write);
            if (_pending.Count > _options.CurrentValue.WriteRetryQueueLimit)
            {
                dropped = _pending.First!.Value;
                _pending.RemoveFirst();
            }
        }

        Spill(write);
        if (dropped is not null)
        {
            Unspill(dropped);
            _metrics.Retry("dropped");
            WriteQueueLog.Dropped(_logger, _options.CurrentValue.WriteRetryQueueLimit, dropped.ToString());
        }

        _wake.Release();
    }

    private void Remove(PendingWrite write)
    {
        lock (_gate)
        {
            _pending.Remove(write);
        }

        Unspill(write);
    }

    /// <summary>Drops the queued operations <paramref name="superseded"/> matches (caller holds the gate).</summary>
    private void RemoveWhere(Func<PendingWrite, bool> superseded)
    {
        for (var node = _pending.First; node is not null;)
        {
            var next = node.Next;
            if (superseded(node.Value))
            {
                _pending.Remove(node);
                Unspill(node.Value);
                _metrics.Retry("superseded");
            }

            node = next;
        }
    }

    private SemaphoreSlim Stripe(string spotifyTrackId) => _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(spotifyTrackId) % StripeCount)];

    private static string? SpillFolder(IHostEnvironment environment, PersistenceOptions options) =>
        string.IsNullOrWhiteSpace(options.DataDirectory)
            ? null
            : Path.Combine(EnvironmentOptionsValidator.ResolvePath(environment, options.DataDirectory), "pending-writes");

    private string SpillPath(PendingWrite write) => Path.Combine(_spillFolder!, $"{write.Sequence:D20}.json");

    private void Spill(PendingWrite write)
    {
        if (_spillFolder is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(_spillFolder);
            var node = new JsonObject
            {
                ["spotify_track_id"] = write.SpotifyTrackId,
                ["youtube_video_id"] = write.YoutubeVideoId,
                ["row"] = write.Entry is { } entry ? JsonNode.Parse(KiaraokeRedisValue.Write(entry, null)) : null,
            };
            var temporary = SpillPath(write) + ".tmp";
            File.WriteAllText(temporary, node.ToJsonString());
            File.Move(temporary, SpillPath(write), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteQueueLog.SpillFailed(_logger, _spillFolder, ex.Message);
        }
    }

    private void Unspill(PendingWrite write)
    {
        if (_spillFolder is null)
        {
            return;
        }

        try
        {
            File.Delete(SpillPath(write));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteQueueLog.SpillFailed(_logger, _spillFolder, ex.Message);
        }
    }

    /// <summary>Reads back what a previous process queued and did not deliver, in its order.</summary>
    private void Restore()
    {
        if (_spillFolder is null || !Directory.Exists(_spillFolder))
        {
            return;
        }

        var files = Directory.GetFiles(_spillFolder, "*.json").Order(StringComparer.Ordinal).ToArray();
        foreach (var file in files)
        {
            try
            {
                var node = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
                var sequence = long.Parse(Path.GetFileNameWithoutExtension(file), System.Globalization.CultureInfo.InvariantCulture);
                var entry = node["row"] is JsonObject row ? KiaraokeRedisValue.Read(row.ToJsonString()).Entry : null;
                _pending.AddLast(new PendingWrite(sequence, (string)node["spotify_track_id"]!, (string?)node["youtube_video_id"], entry));
                _sequence = Math.Max(_sequence, sequence);
            }
            catch (Exception ex) when (ex is JsonException or IOException or FormatException or InvalidOperationException or NullReferenceException)
            {
                WriteQueueLog.Poisoned(_logger, $"queued write {Path.GetFileName(file)}", _spillFolder, ex.Message);
                File.Delete(file);
            }
        }

        if (_pending.Count > 0)
        {
            WriteQueueLog.Restored(_logger, _pending.Count, _spillFolder);
            _wake.Release();
        }
    }
}

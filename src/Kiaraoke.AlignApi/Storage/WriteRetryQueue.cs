using System.Threading.Channels;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// Saves computed results, and keeps the ones the database refused (it is down) to retry them in the background, in
/// order, one at a time, every <see cref="PersistenceOptions.WriteRetryIntervalSeconds"/>. The queue is bounded: when
/// full the oldest result is dropped (logged and counted); a later request recomputes it. Every attempt is the store's
/// atomic upsert, so a retry can never leave a half-written row.
/// </summary>
public sealed class WriteRetryQueue : BackgroundService
{
    private readonly IWordTimestampStore _store;
    private readonly IOptionsMonitor<PersistenceOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly StoreMetrics _metrics;
    private readonly ILogger<WriteRetryQueue> _logger;
    private readonly Channel<StoredTimestamps> _pending;
    private int _count;

    public WriteRetryQueue(IWordTimestampStore store, IOptionsMonitor<PersistenceOptions> options, TimeProvider timeProvider, StoreMetrics metrics, ILogger<WriteRetryQueue> logger)
    {
        _store = store;
        _options = options;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _pending = Channel.CreateBounded<StoredTimestamps>(
            new BoundedChannelOptions(options.CurrentValue.WriteRetryQueueLimit) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                Interlocked.Decrement(ref _count);
                _metrics.Retry("dropped");
                StoreLog.StoreWriteDropped(_logger, dropped.Key.ToString());
            });
        metrics.PendingWrites = () => Volatile.Read(ref _count);
    }

    /// <summary>How many results wait for the database.</summary>
    public int Pending => Volatile.Read(ref _count);

    /// <summary>Stores <paramref name="entry"/> now, or queues it when the database fails; never throws for a store fault.</summary>
    public async Task SaveAsync(StoredTimestamps entry)
    {
        try
        {
            await _store.PutAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _metrics.WriteFailed();
            Interlocked.Increment(ref _count);
            _pending.Writer.TryWrite(entry);
            StoreLog.StoreWriteFailed(_logger, entry.Key.ToString(), _store.Description, Pending, ex.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!_pending.Reader.TryRead(out var entry))
                {
                    continue;
                }

                for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(_options.CurrentValue.WriteRetryIntervalSeconds), _timeProvider, stoppingToken).ConfigureAwait(false);
                    try
                    {
                        await _store.PutAsync(entry, stoppingToken).ConfigureAwait(false);
                        Interlocked.Decrement(ref _count);
                        _metrics.Retry("stored");
                        StoreLog.StoreWriteRetried(_logger, entry.Key.ToString(), attempt);
                        break;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        _metrics.Retry("failed");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is lost; a later request recomputes it.
        }
    }
}

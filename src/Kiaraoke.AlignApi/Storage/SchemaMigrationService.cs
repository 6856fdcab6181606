using Kiaraoke.AlignApi.Telemetry;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// Runs <see cref="SchemaMigrator"/> before the server takes requests. If the database cannot be reached then, the
/// service starts anyway (results are computed, their writes queued, readiness says Degraded) and the migration is
/// retried in the background until it succeeds.
/// </summary>
public sealed class SchemaMigrationService(SchemaMigrator migrator, DatabaseTarget target, ILogger<SchemaMigrationService> logger) : IHostedService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    // Not disposed: the host may stop services after disposing the container, and it owns no unmanaged resource.
    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;
    private volatile bool _migrated;

    /// <summary>True once word_timestamps_cache has the shape this service needs.</summary>
    public bool IsMigrated => _migrated;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await TryMigrateAsync(attempt: 1, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _retries = Task.Run(() => RetryAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _retries.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RetryAsync(CancellationToken stoppingToken)
    {
        try
        {
            for (var attempt = 2; !await TryMigrateAsync(attempt, stoppingToken).ConfigureAwait(false); attempt++)
            {
                await Task.Delay(RetryInterval, TimeProvider.System, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down before the database came back.
        }
    }

    private async Task<bool> TryMigrateAsync(int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
            _migrated = true;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            StoreLog.SchemaMigrationFailed(logger, ex, target.Description, attempt);
            return false;
        }
    }
}

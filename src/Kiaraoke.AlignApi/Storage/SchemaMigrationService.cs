using Kiaraoke.AlignApi.Telemetry;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// Runs <see cref="SchemaMigrator"/> before the server takes requests. A database that is still starting gets a few
/// tries; one that stays unreachable stops the service, since nothing could be stored.
/// </summary>
internal sealed class SchemaMigrationService(SchemaMigrator migrator, DatabaseTarget target, ILogger<SchemaMigrationService> logger) : IHostedService
{
    private const int Attempts = 5;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < Attempts)
            {
                StoreLog.SchemaMigrationFailed(logger, ex, target.Description, attempt, Attempts);
                await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

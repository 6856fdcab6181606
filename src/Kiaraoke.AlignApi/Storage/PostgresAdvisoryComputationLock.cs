using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// The cross-replica turn is a PostgreSQL transaction-scoped advisory lock (<c>pg_advisory_xact_lock</c>) on a 64-bit
/// hash of the track key, taken inside a transaction held open on its own connection for the whole computation and
/// released by its commit. Transaction scope is what makes it hold behind PgBouncer in transaction pooling (Kiaraoke's
/// compose): PgBouncer pins one server connection to an open transaction, whereas a session lock would be taken on
/// one server connection and "released" on another. PostgreSQL ends the transaction if the holder dies, so a crashed
/// replica never blocks the others. If the database cannot be reached the replica computes anyway: availability
/// first, a duplicate computation at worst.
/// </summary>
public sealed class PostgresAdvisoryComputationLock(
    NpgsqlDataSource dataSource,
    IOptionsMonitor<PersistenceOptions> options,
    ILogger<PostgresAdvisoryComputationLock> logger) : ITrackComputationLock
{
    /// <summary>The lock id of a track key (stable across processes and versions: XxHash64 of the key's UTF-8).</summary>
    public static long LockId(TrackKey key) => (long)XxHash64.HashToUInt64(Encoding.UTF8.GetBytes("word_ts:" + key));

    public async Task<ITrackComputationTurn> AcquireAsync(TrackKey key, CancellationToken cancellationToken)
    {
        var id = LockId(key);
        NpgsqlConnection? connection = null;
        try
        {
            connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var attempt = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@id)", connection, transaction))
            {
                attempt.Parameters.AddWithValue("id", id);
                if (await attempt.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                {
                    return new Turn(connection, transaction);
                }
            }

            var clock = Stopwatch.StartNew();
            await using (var wait = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@id)", connection, transaction))
            {
                wait.CommandTimeout = options.CurrentValue.ComputationLockWaitSeconds;
                wait.Parameters.AddWithValue("id", id);
                await wait.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            StoreLog.WaitedForReplica(logger, key.ToString(), clock.ElapsedMilliseconds);
            return new Turn(connection, transaction);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            StoreLog.ComputationLockUnavailable(logger, key.ToString(), ex.Message);
            return ITrackComputationTurn.Free;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private sealed class Turn(NpgsqlConnection connection, NpgsqlTransaction transaction) : ITrackComputationTurn
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Ending the transaction releases the lock; it wrote nothing.
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The connection is gone, and the transaction's lock with it.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

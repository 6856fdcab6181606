using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// The cross-replica turn is a PostgreSQL session advisory lock on a 64-bit hash of the track key, held on its own
/// connection for the whole computation. PostgreSQL releases it if the holder dies (its session ends), so a crashed
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
            await using (var attempt = new NpgsqlCommand("SELECT pg_try_advisory_lock(@id)", connection))
            {
                attempt.Parameters.AddWithValue("id", id);
                if (await attempt.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                {
                    return new Turn(connection, id);
                }
            }

            var clock = Stopwatch.StartNew();
            await using (var wait = new NpgsqlCommand("SELECT pg_advisory_lock(@id)", connection))
            {
                wait.CommandTimeout = options.CurrentValue.ComputationLockWaitSeconds;
                wait.Parameters.AddWithValue("id", id);
                await wait.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            StoreLog.WaitedForReplica(logger, key.ToString(), clock.ElapsedMilliseconds);
            return new Turn(connection, id);
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

    private sealed class Turn(NpgsqlConnection connection, long id) : ITrackComputationTurn
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@id)", connection);
                release.Parameters.AddWithValue("id", id);
                await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The session is gone, and its locks with it.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

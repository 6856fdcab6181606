using System.Collections.Concurrent;
using System.Text.Json;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// The store callers see: a cache in front of the SQL table. With REDIS_URL the cache is Redis, shared with Kiaraoke:
/// key <c>word_ts:{spotify}:{yt|any}</c>, a plain JSON string (<see cref="KiaraokeRedisValue"/>) holding the row
/// Kiaraoke's read rule picks, TTL <see cref="PersistenceOptions.RedisEntrySeconds"/> (1 h). Without Redis the cache is
/// this process's memory (one replica). No memory level sits in front of Redis: it could not be invalidated across
/// replicas.
/// <para>
/// Coherence: every write or delete bumps the track's generation (<c>word_ts_gen:{spotify}</c> in Redis, a counter in
/// memory) before clearing the keys. A reader notes the generation before reading the database and fills the cache
/// only if it has not moved (atomically, in Redis), and a value carrying an older generation is a miss. So a read that
/// raced a correction never re-caches the older row. Only found rows are cached; every hit is checked against this
/// service's clock. Redis being down costs a log line and a miss, never an error.
/// </para>
/// </summary>
public sealed class CachedWordTimestampStore(
    SqlWordTimestampStore database,
    IMemoryCache memory,
    IOptionsMonitor<PersistenceOptions> options,
    TimeProvider timeProvider,
    StoreMetrics metrics,
    ILogger<CachedWordTimestampStore> logger,
    RedisConnection? redis = null) : IWordTimestampStore
{
    /// <summary>Sets KEYS[1] to ARGV[1] for ARGV[3] seconds only while KEYS[2] (the generation) still reads ARGV[2].</summary>
    private const string SetIfGenerationScript =
        "if (redis.call('GET', KEYS[2]) or '0') == ARGV[2] then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3]) return 1 end return 0";

    private readonly ConcurrentDictionary<string, long> _localGenerations = new(StringComparer.Ordinal);

    public string Description => database.Description;

    /// <summary>Kiaraoke's Redis key of a look-up.</summary>
    public static string CacheKey(TrackKey key) => $"word_ts:{key.SpotifyTrackId}:{key.YoutubeVideoId ?? "any"}";

    /// <summary>The Redis key of a track's cache generation (this service's; Kiaraoke never reads it).</summary>
    public static string GenerationKey(string spotifyTrackId) => $"word_ts_gen:{spotifyTrackId}";

    public async Task<StoredTimestamps?> GetAsync(TrackKey key, Func<StoredTimestamps, bool> accept, CancellationToken cancellationToken)
    {
        var cacheKey = CacheKey(key);
        var now = timeProvider.GetUtcNow();
        long generation;
        if (redis is null)
        {
            generation = LocalGeneration(key.SpotifyTrackId);
            // A copy of a newer generation was put there by a write after this reader looked: newer still, so usable.
            if (memory.TryGetValue(cacheKey, out MemoryEntry? local) && local!.Generation >= generation)
            {
                metrics.Lookup("memory", "hit");
                return local.Rows.FirstOrDefault(r => !r.IsExpired(now) && accept(r));
            }

            metrics.Lookup("memory", "miss");
        }
        else
        {
            var (cached, redisGeneration) = await ReadRedisAsync(key, cacheKey, cancellationToken).ConfigureAwait(false);
            generation = redisGeneration ?? -1;
            if (cached is not null && !cached.IsExpired(now) && accept(cached))
            {
                metrics.Lookup("redis", "hit");
                return cached;
            }
        }

        IReadOnlyList<StoredTimestamps> rows;
        try
        {
            rows = await database.GetOrderedAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.Lookup("database", "error");
            throw;
        }

        metrics.Lookup("database", rows.Count == 0 ? "miss" : "hit");
        if (rows.Count > 0)
        {
            if (redis is null)
            {
                SetMemory(cacheKey, new MemoryEntry(generation, rows), Lifetime(rows[0], now, options.CurrentValue.MemoryEntrySeconds));
            }
            else if (generation >= 0)
            {
                await FillRedisAsync(cacheKey, key.SpotifyTrackId, rows[0], generation, now).ConfigureAwait(false);
            }
        }

        return rows.FirstOrDefault(accept);
    }

    /// <summary>
    /// Writes the row, then invalidates the track. When the database write of a computed result fails the entry is still
    /// cached (readers get it while the write is retried) and the failure goes to the caller; a correction that was not
    /// stored is never cached, since its caller is told it was not kept.
    /// </summary>
    public async Task<bool> PutAsync(StoredTimestamps entry, CancellationToken cancellationToken)
    {
        bool stored;
        try
        {
            stored = await database.PutAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !entry.IsUserCorrected)
        {
            await CachePendingAsync(entry).ConfigureAwait(false);
            throw;
        }

        await InvalidateAsync(entry.Key.SpotifyTrackId, entry.Key.YoutubeVideoId).ConfigureAwait(false);
        return stored;
    }

    public async Task<int> DeleteAsync(string spotifyTrackId, string? youtubeVideoId, CancellationToken cancellationToken)
    {
        try
        {
            return await database.DeleteAsync(spotifyTrackId, youtubeVideoId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Even when the database is down (the delete is then queued): no cached copy may outlive a delete.
            await InvalidateAsync(spotifyTrackId, youtubeVideoId).ConfigureAwait(false);
        }
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => database.IsReachableAsync(cancellationToken);

    /// <summary>Bumps the track's generation, then removes the keys Kiaraoke's back end reads for that video and for none.</summary>
    public async Task InvalidateAsync(string spotifyTrackId, string? youtubeVideoId)
    {
        var keys = InvalidatedKeys(spotifyTrackId, youtubeVideoId);
        if (redis is null)
        {
            _localGenerations.AddOrUpdate(spotifyTrackId, 1, (_, g) => g + 1);
            foreach (var key in keys)
            {
                memory.Remove(key);
            }

            return;
        }

        try
        {
            var db = (await redis.GetAsync().ConfigureAwait(false)).GetDatabase();
            var generationKey = GenerationKey(spotifyTrackId);
            await db.StringIncrementAsync(generationKey).ConfigureAwait(false);
            await db.KeyExpireAsync(generationKey, GenerationLifetime).ConfigureAwait(false);
            await db.KeyDeleteAsync([.. keys.Select(k => (RedisKey)k)]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            StoreLog.RedisUnavailable(logger, "invalidation", ex.Message);
        }
    }

    /// <summary>The keys a write or delete of that video (or of the whole track) clears: its own and the track's "any".</summary>
    private static string[] InvalidatedKeys(string spotifyTrackId, string? youtubeVideoId) =>
        youtubeVideoId is null
            ? [CacheKey(new TrackKey(spotifyTrackId, null))]
            : [CacheKey(new TrackKey(spotifyTrackId, youtubeVideoId)), CacheKey(new TrackKey(spotifyTrackId, null))];

    /// <summary>A generation key outlives every value filled under it (4 × the entry lifetime).</summary>
    private TimeSpan GenerationLifetime => TimeSpan.FromSeconds(4 * options.CurrentValue.RedisEntrySeconds);

    private long LocalGeneration(string spotifyTrackId) => _localGenerations.TryGetValue(spotifyTrackId, out var g) ? g : 0;

    private async Task<(StoredTimestamps? Entry, long? Generation)> ReadRedisAsync(TrackKey key, string cacheKey, CancellationToken cancellationToken)
    {
        if (!redis!.IsConnected)
        {
            metrics.Lookup("redis", "unavailable");
            return (null, null);
        }

        RedisValue[] values;
        try
        {
            var db = (await redis.GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
            values = await db.StringGetAsync([cacheKey, GenerationKey(key.SpotifyTrackId)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // WRONGTYPE (a value of another shape under Kiaraoke's key) lands here too: a miss, logged and counted.
            metrics.Lookup("redis", "error");
            StoreLog.RedisUnavailable(logger, "read", ex.Message);
            return (null, null);
        }

        var generation = values[1].IsNull ? 0 : (long)values[1];
        if (values[0].IsNull)
        {
            metrics.Lookup("redis", "miss");
            return (null, generation);
        }

        try
        {
            var (entry, written) = KiaraokeRedisValue.Read(values[0]!);
            if (written is { } at && at != generation)
            {
                // Filled before the track's last write or delete: the row it holds may be gone.
                metrics.Lookup("redis", "outdated");
                return (null, generation);
            }

            if (entry.Key.SpotifyTrackId != key.SpotifyTrackId)
            {
                metrics.Lookup("redis", "error");
                return (null, generation);
            }

            return (entry, generation);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            metrics.Lookup("redis", "error");
            StoreLog.RedisUnavailable(logger, "read (unreadable value)", ex.Message);
            return (null, generation);
        }
    }

    private async Task FillRedisAsync(string cacheKey, string spotifyTrackId, StoredTimestamps row, long generation, DateTimeOffset now)
    {
        var seconds = (long)Lifetime(row, now, options.CurrentValue.RedisEntrySeconds).TotalSeconds;
        if (seconds <= 0)
        {
            return;
        }

        try
        {
            var db = (await redis!.GetAsync().ConfigureAwait(false)).GetDatabase();
            await db.ScriptEvaluateAsync(
                SetIfGenerationScript,
                [cacheKey, GenerationKey(spotifyTrackId)],
                [KiaraokeRedisValue.Write(row, generation), generation.ToString(System.Globalization.CultureInfo.InvariantCulture), seconds]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            StoreLog.RedisUnavailable(logger, "write", ex.Message);
        }
    }

    /// <summary>
    /// A computed result whose write waits for the database: invalidates the track and caches the entry under its own
    /// key in one step, so neither Kiaraoke nor our readers ever find that key empty while the write is retried (each
    /// retry that fails lands here again).
    /// </summary>
    private async Task CachePendingAsync(StoredTimestamps entry)
    {
        var track = entry.Key.SpotifyTrackId;
        var cacheKey = CacheKey(entry.Key);
        var otherKeys = InvalidatedKeys(track, entry.Key.YoutubeVideoId).Where(k => k != cacheKey).ToArray();
        var now = timeProvider.GetUtcNow();
        if (redis is null)
        {
            // The copy goes in under the next generation before the generation moves (readers accept a newer copy).
            var next = LocalGeneration(track) + 1;
            SetMemory(cacheKey, new MemoryEntry(next, [entry]), Lifetime(entry, now, options.CurrentValue.MemoryEntrySeconds));
            _localGenerations.AddOrUpdate(track, next, (_, g) => Math.Max(g + 1, next));
            foreach (var key in otherKeys)
            {
                memory.Remove(key);
            }

            return;
        }

        var seconds = (long)Lifetime(entry, now, options.CurrentValue.RedisEntrySeconds).TotalSeconds;
        try
        {
            if (seconds > 0)
            {
                var db = (await redis.GetAsync().ConfigureAwait(false)).GetDatabase();
                var generationKey = GenerationKey(track);
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    // Compare-and-set on the generation: bump it, set the entry written under the new one, clear the rest.
                    var current = await db.StringGetAsync(generationKey).ConfigureAwait(false);
                    var next = (current.IsNull ? 0 : (long)current) + 1;
                    var transaction = db.CreateTransaction();
                    transaction.AddCondition(current.IsNull ? Condition.KeyNotExists(generationKey) : Condition.StringEqual(generationKey, current));
                    _ = transaction.StringSetAsync(generationKey, next, GenerationLifetime);
                    _ = transaction.StringSetAsync(cacheKey, KiaraokeRedisValue.Write(entry, next), TimeSpan.FromSeconds(seconds));
                    _ = transaction.KeyDeleteAsync([.. otherKeys.Select(k => (RedisKey)k)]);
                    if (await transaction.ExecuteAsync().ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            StoreLog.RedisUnavailable(logger, "write", ex.Message);
        }

        // Not cacheable, or the generation kept moving: invalidate only; the write queue answers our own readers.
        await InvalidateAsync(track, entry.Key.YoutubeVideoId).ConfigureAwait(false);
    }

    private void SetMemory(string cacheKey, MemoryEntry entry, TimeSpan lifetime)
    {
        if (lifetime > TimeSpan.Zero)
        {
            memory.Set(cacheKey, entry, lifetime);
        }
    }

    /// <summary>A cached copy never outlives its row.</summary>
    private static TimeSpan Lifetime(StoredTimestamps row, DateTimeOffset now, int seconds)
    {
        var lifetime = TimeSpan.FromSeconds(seconds);
        return row.ExpiresAt is { } expires && expires - now < lifetime ? expires - now : lifetime;
    }

    private sealed record MemoryEntry(long Generation, IReadOnlyList<StoredTimestamps> Rows);
}

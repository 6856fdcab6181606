using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// The store callers see: HybridCache in front of the SQL table. Level 1 is this process's memory, level 2 Redis when
/// REDIS_URL is set (key <c>word_ts:{spotify}:{yt|any}</c>, Kiaraoke's). Only found entries are cached, never misses,
/// and every hit is checked against this service's clock, so an expired row is never served from a cache. Writes and
/// deletes clear both levels for the whole track. Redis being down costs a log line and a miss, never an error.
/// </summary>
public sealed class CachedWordTimestampStore(
    SqlWordTimestampStore database,
    HybridCache cache,
    IOptionsMonitor<PersistenceOptions> options,
    TimeProvider timeProvider,
    StoreMetrics metrics,
    ILogger<CachedWordTimestampStore> logger,
    RedisConnection? redis = null) : IWordTimestampStore
{
    private const HybridCacheEntryFlags LookupOnly =
        HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite;

    public string Description => database.Description;

    /// <summary>Both levels while Redis is connected, memory alone otherwise.</summary>
    private HybridCacheEntryFlags WriteLevels => redis is { IsConnected: true } ? HybridCacheEntryFlags.None : HybridCacheEntryFlags.DisableDistributedCache;

    /// <summary>Kiaraoke's Redis key of a look-up.</summary>
    public static string CacheKey(TrackKey key) => $"word_ts:{key.SpotifyTrackId}:{key.YoutubeVideoId ?? "any"}";

    /// <summary>Every cached look-up of a track carries this tag, so one call clears them all (any video).</summary>
    public static string TrackTag(string spotifyTrackId) => $"word_ts:{spotifyTrackId}";

    public async Task<StoredTimestamps?> GetAsync(TrackKey key, CancellationToken cancellationToken)
    {
        var cacheKey = CacheKey(key);
        var now = timeProvider.GetUtcNow();
        if (await LookupAsync(cacheKey, HybridCacheEntryFlags.DisableDistributedCache, cancellationToken).ConfigureAwait(false) is { } local && !local.IsExpired(now))
        {
            metrics.Lookup("memory", "hit");
            return local;
        }

        metrics.Lookup("memory", "miss");
        if (redis is not null)
        {
            if (!redis.IsConnected)
            {
                metrics.Lookup("redis", "unavailable");
            }
            else if (await LookupAsync(cacheKey, HybridCacheEntryFlags.DisableLocalCache, cancellationToken).ConfigureAwait(false) is { } shared && !shared.IsExpired(now))
            {
                metrics.Lookup("redis", "hit");
                await SetAsync(cacheKey, shared, HybridCacheEntryFlags.DisableDistributedCache, now, cancellationToken).ConfigureAwait(false);
                return shared;
            }
            else
            {
                metrics.Lookup("redis", "miss");
            }
        }

        StoredTimestamps? stored;
        try
        {
            stored = await database.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.Lookup("database", "error");
            throw;
        }

        metrics.Lookup("database", stored is null ? "miss" : "hit");
        if (stored is not null)
        {
            await SetAsync(cacheKey, stored, WriteLevels, now, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    /// <summary>
    /// Writes the row, then clears the track from both levels. When the database write of a computed result fails the
    /// entry is still put in the cache (readers get it while the write is retried) and the failure goes to the caller;
    /// a correction that was not stored is never cached, since its caller is told it was not kept.
    /// </summary>
    public async Task PutAsync(StoredTimestamps entry, CancellationToken cancellationToken)
    {
        try
        {
            await database.PutAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !entry.IsUserCorrected)
        {
            await SetAsync(CacheKey(entry.Key), entry, WriteLevels, timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await InvalidateAsync(entry.Key.SpotifyTrackId, entry.Key.YoutubeVideoId).ConfigureAwait(false);
    }

    public async Task<int> DeleteAsync(string spotifyTrackId, string? youtubeVideoId, CancellationToken cancellationToken)
    {
        var removed = await database.DeleteAsync(spotifyTrackId, youtubeVideoId, cancellationToken).ConfigureAwait(false);
        await InvalidateAsync(spotifyTrackId, youtubeVideoId).ConfigureAwait(false);
        return removed;
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => database.IsReachableAsync(cancellationToken);

    private async Task InvalidateAsync(string spotifyTrackId, string? youtubeVideoId)
    {
        string[] keys = youtubeVideoId is null
            ? [CacheKey(new TrackKey(spotifyTrackId, null))]
            : [CacheKey(new TrackKey(spotifyTrackId, youtubeVideoId)), CacheKey(new TrackKey(spotifyTrackId, null))];

        // Each call clears memory before Redis; separate attempts so that Redis failing on one still lets the other
        // clear this process's memory. What Redis missed lapses with its entry (RedisEntrySeconds).
        try
        {
            await cache.RemoveByTagAsync(TrackTag(spotifyTrackId), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            StoreLog.RedisUnavailable(logger, "invalidation by tag", ex.Message);
        }

        try
        {
            await cache.RemoveAsync(keys, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            StoreLog.RedisUnavailable(logger, "invalidation", ex.Message);
        }
    }

    private async Task<StoredTimestamps?> LookupAsync(string cacheKey, HybridCacheEntryFlags level, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetOrCreateAsync<StoredTimestamps?>(
                cacheKey,
                static _ => ValueTask.FromResult<StoredTimestamps?>(null),
                new HybridCacheEntryOptions { Flags = LookupOnly | level },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            StoreLog.RedisUnavailable(logger, "read", ex.Message);
            return null;
        }
    }

    private async Task SetAsync(string cacheKey, StoredTimestamps entry, HybridCacheEntryFlags flags, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var shared = TimeSpan.FromSeconds(settings.RedisEntrySeconds);
        var local = TimeSpan.FromSeconds(settings.MemoryEntrySeconds);
        if (entry.ExpiresAt is { } expires)
        {
            // A cached copy never outlives its row.
            var left = expires - now;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            shared = left < shared ? left : shared;
            local = left < local ? left : local;
        }

        try
        {
            await cache.SetAsync(
                cacheKey,
                entry,
                new HybridCacheEntryOptions { Expiration = shared, LocalCacheExpiration = local < shared ? local : shared, Flags = flags },
                [TrackTag(entry.Key.SpotifyTrackId)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            StoreLog.RedisUnavailable(logger, "write", ex.Message);
        }
    }
}

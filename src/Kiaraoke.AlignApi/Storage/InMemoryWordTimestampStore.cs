using System.Collections.Concurrent;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>The embedded-defaults store: a process-local dictionary with the same read rules as the SQL table.</summary>
public sealed class InMemoryWordTimestampStore(TimeProvider timeProvider) : IWordTimestampStore
{
    private readonly ConcurrentDictionary<TrackKey, StoredTimestamps> _rows = new();

    public int Count => _rows.Count;

    public Task<StoredTimestamps?> GetAsync(TrackKey key, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var best = _rows.Values
            .Where(r => r.Key.SpotifyTrackId == key.SpotifyTrackId && !r.IsExpired(now))
            .Where(r => key.YoutubeVideoId is null || r.Key.YoutubeVideoId is null || r.Key.YoutubeVideoId == key.YoutubeVideoId)
            .OrderBy(r => key.YoutubeVideoId is not null && r.Key.YoutubeVideoId == key.YoutubeVideoId ? 0 : 1)
            .ThenBy(r => r.SourcePriority)
            .ThenByDescending(r => r.CreatedAt)
            .FirstOrDefault();
        return Task.FromResult(best);
    }

    public Task PutAsync(StoredTimestamps entry, CancellationToken cancellationToken)
    {
        _rows[entry.Key] = entry;
        return Task.CompletedTask;
    }

    public Task<int> DeleteAsync(string spotifyTrackId, string? youtubeVideoId, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var key in _rows.Keys.Where(k => k.SpotifyTrackId == spotifyTrackId && (youtubeVideoId is null || k.YoutubeVideoId == youtubeVideoId)).ToList())
        {
            if (_rows.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}

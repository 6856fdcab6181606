namespace Kiaraoke.AlignApi.Storage;

/// <summary>A held turn to compute one track; disposing it lets the next replica in.</summary>
public interface ITrackComputationTurn : IAsyncDisposable
{
    /// <summary>A turn that holds nothing: no other replica to keep out, or no database to hold a lock in.</summary>
    static ITrackComputationTurn Free { get; } = new FreeTurn();

    private sealed class FreeTurn : ITrackComputationTurn
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// Makes a track's computation run once across replicas: a replica takes the track's turn before computing, and one
/// that gets its turn re-reads the store before computing itself. Within one process the single flight already holds.
/// </summary>
public interface ITrackComputationLock
{
    Task<ITrackComputationTurn> AcquireAsync(TrackKey key, CancellationToken cancellationToken);
}

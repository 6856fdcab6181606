namespace Kiaraoke.AlignApi.Storage;

/// <summary>A held turn to compute one track; disposing it lets the next replica in.</summary>
public interface ITrackComputationTurn : IAsyncDisposable
{
    /// <summary>True when another holder had the turn first: its result may now be in the store.</summary>
    bool WaitedForAnother { get; }
}

/// <summary>
/// Makes a track's computation run once across replicas: a replica takes the track's turn before computing, and one
/// that had to wait re-reads the store before computing itself. Within one process the single flight already holds.
/// </summary>
public interface ITrackComputationLock
{
    Task<ITrackComputationTurn> AcquireAsync(TrackKey key, CancellationToken cancellationToken);
}

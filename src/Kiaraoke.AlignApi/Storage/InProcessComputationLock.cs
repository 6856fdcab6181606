namespace Kiaraoke.AlignApi.Storage;

/// <summary>One process, one store file (SQLite): the in-process single flight is all the exclusion needed.</summary>
public sealed class InProcessComputationLock : ITrackComputationLock
{
    public Task<ITrackComputationTurn> AcquireAsync(TrackKey key, CancellationToken cancellationToken) => Task.FromResult(ITrackComputationTurn.Free);
}

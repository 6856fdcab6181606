namespace Kiaraoke.AlignApi.Storage;

/// <summary>One process, one store file (SQLite): the in-process single flight is all the exclusion needed.</summary>
public sealed class InProcessComputationLock : ITrackComputationLock
{
    private static readonly ITrackComputationTurn Free = new FreeTurn();

    public Task<ITrackComputationTurn> AcquireAsync(TrackKey key, CancellationToken cancellationToken) => Task.FromResult(Free);

    private sealed class FreeTurn : ITrackComputationTurn
    {
        public bool WaitedForAnother => false;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

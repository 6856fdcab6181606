namespace Kiaraoke.AlignApi.Pipeline;

/// <summary>
/// Concurrent calls with one key share one computation. The computation gets its own token, cancelled only when
/// every caller waiting for it has gone; a caller that leaves gets its own cancellation, the others carry on.
/// </summary>
public sealed class SingleFlight<TResult>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    /// <summary>
    /// How many callers wait on the flight of <paramref name="key"/>, or on the flights of keys that extend it after a
    /// '#' (the coordinator's track key plus a content fingerprint); 0 when none runs.
    /// </summary>
    public int Waiters(string key)
    {
        lock (_gate)
        {
            return _flights.Where(f => f.Key == key || f.Key.StartsWith(key + "#", StringComparison.Ordinal)).Sum(f => f.Value.Waiters);
        }
    }

    /// <summary>Runs or joins the flight of <paramref name="key"/>. <c>Started</c> tells the caller whether its own work ran.</summary>
    public async Task<(TResult Result, bool Started)> RunAsync(string key, Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flight flight;
        bool started;
        lock (_gate)
        {
            started = !_flights.TryGetValue(key, out flight!);
            if (started)
            {
                flight = new Flight();
                _flights[key] = flight;
            }

            flight.Waiters++;
        }

        if (started)
        {
            _ = Task.Run(() => ExecuteAsync(key, flight, work), CancellationToken.None);
        }

        try
        {
            var result = await flight.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return (result, started);
        }
        finally
        {
            Leave(key, flight);
        }
    }

    private void Leave(string key, Flight flight)
    {
        lock (_gate)
        {
            flight.Waiters--;
            if (flight.Waiters == 0 && !flight.Completion.Task.IsCompleted)
            {
                // Nobody waits any more: stop the work, and let a later caller start afresh instead of joining it.
                if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
                {
                    _flights.Remove(key);
                }

                flight.Cancellation.Cancel();
            }
        }
    }

    private async Task ExecuteAsync(string key, Flight flight, Func<CancellationToken, Task<TResult>> work)
    {
        try
        {
            var result = await work(flight.Cancellation.Token).ConfigureAwait(false);
            Finish(key, flight);
            flight.Completion.TrySetResult(result);
        }
        catch (OperationCanceledException) when (flight.Cancellation.IsCancellationRequested)
        {
            Finish(key, flight);
            flight.Completion.TrySetCanceled(flight.Cancellation.Token);
        }
        catch (Exception ex)
        {
            Finish(key, flight);
            flight.Completion.TrySetException(ex);
        }
        finally
        {
            flight.Cancellation.Dispose();
        }
    }

    private void Finish(string key, Flight flight)
    {
        lock (_gate)
        {
            if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
            {
                _flights.Remove(key);
            }
        }
    }

    private sealed class Flight
    {
        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Cancellation { get; } = new();

        public int Waiters { get; set; }
    }
}

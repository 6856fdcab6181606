namespace Kiaraoke.AlignApi.Tests.Support;

/// <summary>
/// One PostgreSQL and one Redis for every test of the <see cref="StoreServersCollection"/>, started once and stopped
/// at the end. The tests of that collection run one after another, so an outage test may stop and restart them.
/// Missing binaries fail the tests with a message saying how to install them.
/// </summary>
public sealed class StoreServers : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RedisServer? _redis;

    internal PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL did not start.");

    internal RedisServer Redis => _redis ?? throw new InvalidOperationException("Redis did not start.");

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        _postgres = await postgres;
        _redis = await redis;
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StoreServersCollection : ICollectionFixture<StoreServers>
{
    public const string Name = "PostgreSQL and Redis";
}

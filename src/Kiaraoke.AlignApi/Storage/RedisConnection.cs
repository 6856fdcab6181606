using Kiaraoke.AlignApi.Telemetry;
using StackExchange.Redis;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// The one Redis multiplexer of the process (REDIS_URL), tuned to fail fast: it never blocks start-up when Redis is
/// down, commands fail at once instead of queueing while it reconnects, and it keeps reconnecting in the background.
/// As a hosted service it connects before the first request (at most the 2 s connect timeout when Redis is down).
/// </summary>
public sealed class RedisConnection : IHostedService, IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _multiplexer;
    private readonly ILogger<RedisConnection> _logger;

    public RedisConnection(string redisUrl, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        Options = Parse(redisUrl);
        Endpoint = string.Join(",", Options.EndPoints.Select(e => e.ToString()));
        _multiplexer = new Lazy<Task<IConnectionMultiplexer>>(ConnectAsync);
    }

    public ConfigurationOptions Options { get; }

    /// <summary>host:port, without credentials.</summary>
    public string Endpoint { get; }

    /// <summary>True once connected and while the link is up. The first call starts connecting (and says false until it has).</summary>
    public bool IsConnected => _multiplexer.Value is { IsCompletedSuccessfully: true } task && task.Result.IsConnected;

    public Task<IConnectionMultiplexer> GetAsync() => _multiplexer.Value;

    public async Task StartAsync(CancellationToken cancellationToken) => await GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary><c>redis[s]://[user][:password@]host[:port][/db]</c> (the scheme is checked at start-up by the options validator).</summary>
    public static ConfigurationOptions Parse(string redisUrl)
    {
        var uri = new Uri(redisUrl);
        var options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port);
        if (uri.UserInfo.Split(':', 2) is [var user, var password])
        {
            options.User = user.Length > 0 ? Uri.UnescapeDataString(user) : null;
            options.Password = Uri.UnescapeDataString(password);
        }

        if (int.TryParse(uri.AbsolutePath.Trim('/'), out var database))
        {
            options.DefaultDatabase = database;
        }

        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2_000;
        options.SyncTimeout = 1_000;
        options.AsyncTimeout = 1_000;
        options.ConnectRetry = 1;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1_000);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated)
        {
            try
            {
                await (await _multiplexer.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // Closing a link that is already gone.
            }
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(Options).ConfigureAwait(false);
        multiplexer.ConnectionFailed += (_, e) => StoreLog.RedisConnectionChanged(_logger, Endpoint, $"connection lost ({e.FailureType})");
        multiplexer.ConnectionRestored += (_, _) => StoreLog.RedisConnectionChanged(_logger, Endpoint, "connection restored");
        if (!multiplexer.IsConnected)
        {
            StoreLog.RedisConnectionChanged(_logger, Endpoint, "not reachable at start; reconnecting in the background");
        }

        return multiplexer;
    }
}

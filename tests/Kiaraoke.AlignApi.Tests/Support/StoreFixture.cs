using System.Data.Common;
using Kiaraoke.AlignApi.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Kiaraoke.AlignApi.Tests.Support;

/// <summary>
/// One fresh word-timestamp store for a test, and the way to open it from the outside (raw SQL): an empty PostgreSQL
/// database on the test server, or an empty data directory for the embedded SQLite file. Every application made from
/// it shares the store, as replicas or restarts of one service would.
/// </summary>
internal abstract class StoreFixture : IDisposable
{
    public abstract string Provider { get; }

    /// <summary>Settings that point an application at this store.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    public abstract DbConnection Open();

    public AlignApiApplication App(FakeEngine? engine = null, FakeTimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = new AlignApiApplication { Engines = engine is null ? null : [engine], Time = time };
        foreach (var (key, value) in Settings.Concat(settings ?? new Dictionary<string, string?>()))
        {
            app.Settings[key] = value;
        }

        return app;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The columns of <c>word_timestamps_cache</c> as the database reports them.</summary>
    public async Task<IReadOnlyList<string>> ColumnsAsync()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = ColumnsQuery;
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>A query whose first column lists the table's column names (each database has its own catalogue).</summary>
    protected abstract string ColumnsQuery { get; }

    public virtual void Dispose()
    {
    }
}

internal sealed class SqliteStoreFixture : StoreFixture
{
    private readonly TempFolder _folder = new();

    public override string Provider => "sqlite";

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["KIARAOKE_DATA_DIR"] = _folder.Path };

    public string File => _folder.File("kiaraoke.db");

    public override DbConnection Open() => new SqliteConnection($"Data Source={File};Pooling=False");

    protected override string ColumnsQuery => "SELECT name FROM pragma_table_info('word_timestamps_cache')";

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}

/// <summary>A fresh database on the test PostgreSQL, with the test Redis as level 2 when <paramref name="redisUrl"/> is given.</summary>
internal sealed class PostgresStoreFixture(PostgresServer server, string database, string? redisUrl) : StoreFixture
{
    public static async Task<PostgresStoreFixture> CreateAsync(PostgresServer server, string? redisUrl = null) =>
        new(server, await server.CreateDatabaseAsync("kts"), redisUrl);

    public string Database => database;

    public override string Provider => "postgresql";

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["DATABASE_URL"] = server.Url(database), ["REDIS_URL"] = redisUrl };

    public override DbConnection Open() => new NpgsqlConnection(server.ConnectionString(database));

    protected override string ColumnsQuery => "SELECT column_name FROM information_schema.columns WHERE table_name = 'word_timestamps_cache'";
}

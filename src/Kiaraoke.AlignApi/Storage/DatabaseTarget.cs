using Npgsql;

namespace Kiaraoke.AlignApi.Storage;

public enum DatabaseProvider
{
    /// <summary>The embedded default: one file under the data directory, so the service runs alone.</summary>
    Sqlite,

    /// <summary>Production: Kiaraoke's PostgreSQL, shared by every replica.</summary>
    PostgreSql,
}

/// <summary>Which database holds <c>word_timestamps_cache</c>, with an ADO.NET connection string and a password-free description.</summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString, string Description)
{
    public const string SqliteFileName = "kiaraoke.db";

    /// <summary>PostgreSQL from <paramref name="databaseUrl"/> when set, otherwise SQLite in <paramref name="dataDirectory"/> (created).</summary>
    public static DatabaseTarget Resolve(string? databaseUrl, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(databaseUrl))
        {
            Directory.CreateDirectory(dataDirectory);
            var file = Path.Combine(dataDirectory, SqliteFileName);
            return new DatabaseTarget(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=True", $"SQLite {file}");
        }

        var builder = FromUrl(databaseUrl);
        return new DatabaseTarget(DatabaseProvider.PostgreSql, builder.ConnectionString, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary>
    /// <c>postgres[ql]://user:password@host:port/database?sslmode=…</c>, Kiaraoke's DATABASE_URL form (user and password
    /// percent-encoded; the scheme is checked at start-up by the options validator).
    /// </summary>
    public static NpgsqlConnectionStringBuilder FromUrl(string databaseUrl)
    {
        var uri = new Uri(databaseUrl);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : "postgres",
            Timeout = 5,
            CommandTimeout = 30,
        };
        if (uri.UserInfo.Split(':', 2) is [var user, .. var rest] && user.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user);
            if (rest is [var password])
            {
                builder.Password = Uri.UnescapeDataString(password);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.Split('=', 2) is [var n, var v] ? (Uri.UnescapeDataString(n), Uri.UnescapeDataString(v)) : (pair, string.Empty);
            if (name.Equals("sslmode", StringComparison.OrdinalIgnoreCase) && Enum.TryParse<SslMode>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var mode))
            {
                builder.SslMode = mode;
            }
        }

        return builder;
    }
}

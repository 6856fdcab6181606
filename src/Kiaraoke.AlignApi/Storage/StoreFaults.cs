using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>Tells a database that refuses a row for good (retrying cannot help) from one that cannot be reached now.</summary>
public static class StoreFaults
{
    /// <summary>
    /// PostgreSQL classes 22 (data exception, e.g. U+0000 in JSONB) and 23 (integrity); SQLite's constraint, type
    /// mismatch and too-big errors. Everything else (connection refused, timeouts, a table not migrated yet) is transient.
    /// </summary>
    public static bool IsPermanent(Exception exception) => exception switch
    {
        PostgresException { SqlState: { } state } => state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal),
        SqliteException { SqliteErrorCode: 18 or 19 or 20 } => true,
        _ when exception.InnerException is { } inner => IsPermanent(inner),
        _ => false,
    };
}

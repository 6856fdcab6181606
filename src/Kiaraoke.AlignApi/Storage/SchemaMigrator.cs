using System.Data.Common;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// Brings <c>word_timestamps_cache</c> to the shape this service needs, at start-up and idempotently: it creates what
/// is missing (table, columns, the unique constraint, indexes) and never drops, narrows or rewrites anything, so it is
/// safe on a database Kiaraoke's backend and worker already use. On PostgreSQL, replicas starting together take turns
/// under an advisory lock.
/// </summary>
public sealed class SchemaMigrator(DatabaseTarget target, ILogger<SchemaMigrator> logger)
{
    /// <summary>Arbitrary constant: the advisory lock id that serializes migrations (ASCII "kwtsmig").</summary>
    private const long MigrationLockId = 0x6B7774736D6967;

    /// <summary>Columns this service adds to Kiaraoke's table, with their PostgreSQL and SQLite types.</summary>
    internal static readonly IReadOnlyList<(string Name, string PostgresType, string SqliteType)> AddedColumns =
    [
        ("alignment_engine_version", "VARCHAR(32)", "TEXT"),
        ("alignment_engine", "VARCHAR(32)", "TEXT"),
        ("model_id", "VARCHAR(128)", "TEXT"),
        ("model_revision", "VARCHAR(64)", "TEXT"),
        ("postprocess_flags", "VARCHAR(128)", "TEXT"),
        ("tier_used", "SMALLINT", "INTEGER"),
        ("fallback_reason", "TEXT", "TEXT"),
    ];

    private static readonly string[] IndexedColumns = ["spotify_track_id", "youtube_video_id", "expires_at", "source"];

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (target.Provider == DatabaseProvider.PostgreSql)
        {
            await MigratePostgresAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await MigrateSqliteAsync(cancellationToken).ConfigureAwait(false);
        }

        StoreLog.SchemaReady(logger, target.Description);
    }

    private async Task MigratePostgresAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Transaction-scoped: released by the commit, even if this process dies half-way.
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockId})", cancellationToken).ConfigureAwait(false);

        // Kiaraoke's migration shape; a table created by Kiaraoke (or its worker's narrower DDL) is left as it is.
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS word_timestamps_cache (
                id SERIAL PRIMARY KEY,
                spotify_track_id VARCHAR(255) NOT NULL,
                youtube_video_id VARCHAR(32),
                words JSONB NOT NULL,
                lines JSONB NOT NULL,
                source VARCHAR(50) NOT NULL,
                language VARCHAR(10),
                model_version VARCHAR(50),
                confidence_avg NUMERIC(4,3),
                word_count INTEGER,
                duration_ms INTEGER,
                artist_name VARCHAR(255),
                track_name VARCHAR(255),
                created_at TIMESTAMPTZ DEFAULT now(),
                expires_at TIMESTAMPTZ
            )
            """, cancellationToken).ConfigureAwait(false);

        foreach (var (name, type, _) in AddedColumns)
        {
            await ExecuteAsync(connection, transaction, $"ALTER TABLE word_timestamps_cache ADD COLUMN IF NOT EXISTS {name} {type}", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, """
            DO $$
            BEGIN
                IF NOT EXISTS (
                    SELECT 1 FROM pg_constraint
                    WHERE conname = 'uq_word_timestamps_track_video' AND conrelid = 'word_timestamps_cache'::regclass
                ) THEN
                    ALTER TABLE word_timestamps_cache
                        ADD CONSTRAINT uq_word_timestamps_track_video UNIQUE (spotify_track_id, youtube_video_id);
                END IF;
            END
            $$
            """, cancellationToken).ConfigureAwait(false);

        foreach (var column in IndexedColumns)
        {
            await ExecuteAsync(connection, transaction, $"CREATE INDEX IF NOT EXISTS ix_word_timestamps_{column} ON word_timestamps_cache ({column})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task MigrateSqliteAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // WAL lets readers go on while a write commits; it is a property of the file, set once.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS word_timestamps_cache (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                spotify_track_id TEXT NOT NULL,
                youtube_video_id TEXT,
                words TEXT NOT NULL,
                lines TEXT NOT NULL,
                source TEXT NOT NULL,
                language TEXT,
                model_version TEXT,
                confidence_avg REAL,
                word_count INTEGER,
                duration_ms INTEGER,
                artist_name TEXT,
                track_name TEXT,
                created_at TEXT NOT NULL,
                expires_at TEXT
            )
            """, cancellationToken).ConfigureAwait(false);

        // SQLite has no ADD COLUMN IF NOT EXISTS: ask the table which columns it has.
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = (SqliteTransaction)transaction;
            command.CommandText = "SELECT name FROM pragma_table_info('word_timestamps_cache')";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing.Add(reader.GetString(0));
            }
        }

        foreach (var (name, _, type) in AddedColumns.Where(c => !existing.Contains(c.Name)))
        {
            await ExecuteAsync(connection, transaction, $"ALTER TABLE word_timestamps_cache ADD COLUMN {name} {type}", cancellationToken).ConfigureAwait(false);
        }

        // SQLite cannot add a constraint to a table; a unique index of the same name is what ON CONFLICT needs.
        await ExecuteAsync(connection, transaction,
            "CREATE UNIQUE INDEX IF NOT EXISTS uq_word_timestamps_track_video ON word_timestamps_cache (spotify_track_id, youtube_video_id)",
            cancellationToken).ConfigureAwait(false);
        foreach (var column in IndexedColumns)
        {
            await ExecuteAsync(connection, transaction, $"CREATE INDEX IF NOT EXISTS ix_word_timestamps_{column} ON word_timestamps_cache ({column})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

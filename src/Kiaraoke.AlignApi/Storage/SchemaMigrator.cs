using System.Data.Common;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// Brings <c>word_timestamps_cache</c> to the shape this service needs, at start-up and idempotently: it creates what
/// is missing (table, columns, the unique constraint, indexes) and never drops, narrows or rewrites anything, so it is
/// safe on a database Kiaraoke's backend and worker already use. On PostgreSQL, replicas starting together take turns
/// under an advisory lock, and <see cref="Options.PersistenceOptions.SchemaOwner"/> decides who creates the table:
/// Kiaraoke's Alembic fails on every start if the table exists before its first migration, so in <c>auto</c> the table
/// is created only in a database Kiaraoke has not used (no <c>alembic_version</c>, <c>lyrics_cache</c> or
/// <c>lyrics_offsets</c>), and with <c>kiaraoke</c> never: the service then waits for Kiaraoke's migration and only adds
/// its own columns. An index is added only when none on the table already starts with that column (Kiaraoke's
/// <c>idx_word_timestamps_*</c> count).
/// </summary>
public sealed class SchemaMigrator(DatabaseTarget target, ILogger<SchemaMigrator> logger, Microsoft.Extensions.Options.IOptionsMonitor<Options.PersistenceOptions> options)
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
        ("lrc_offset_ms", "INTEGER", "INTEGER"),
        ("unmet_anchors", "INTEGER", "INTEGER"),
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

        var owner = options.CurrentValue.SchemaOwner;
        var tableExists = await ScalarAsync(connection, transaction, "SELECT to_regclass('word_timestamps_cache') IS NOT NULL", cancellationToken).ConfigureAwait(false) is true;
        if (!tableExists)
        {
            var kiaraokeUsesDatabase = await ScalarAsync(connection, transaction,
                "SELECT to_regclass('alembic_version') IS NOT NULL OR to_regclass('lyrics_cache') IS NOT NULL OR to_regclass('lyrics_offsets') IS NOT NULL",
                cancellationToken).ConfigureAwait(false) is true;
            if (owner == "kiaraoke" || (owner == "auto" && kiaraokeUsesDatabase))
            {
                throw new InvalidOperationException(
                    "word_timestamps_cache does not exist yet and Kiaraoke's migration owns it (Persistence:SchemaOwner / KARAOKE_SCHEMA_OWNER " +
                    $"is '{owner}'{(kiaraokeUsesDatabase ? " and Kiaraoke's tables are present" : string.Empty)}); waiting for Kiaraoke's back end to create it.");
            }
        }

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

        // Kiaraoke's own indexes (idx_word_timestamps_lookup, _expires, _source, or the unique constraint) already serve
        // a column when they start with it: add ours only where none does.
        var leading = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT a.attname FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = 'word_timestamps_cache'::regclass
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                leading.Add(reader.GetString(0));
            }
        }

        foreach (var column in IndexedColumns.Where(c => !leading.Contains(c)))
        {
            await ExecuteAsync(connection, transaction, $"CREATE INDEX IF NOT EXISTS ix_word_timestamps_{column} ON word_timestamps_cache ({column})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
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

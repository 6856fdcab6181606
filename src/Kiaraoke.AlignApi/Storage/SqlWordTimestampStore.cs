using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// <c>word_timestamps_cache</c> through EF Core (PostgreSQL or SQLite). Reads list the rows in <see cref="CacheReadRule"/>'s
/// order; writes are one atomic upsert on <c>uq_word_timestamps_track_video</c>, so a failure leaves the previous row
/// whole. The upsert keeps the row in place when it is newer than the write (a late retry never overwrites a newer
/// result), a user correction (a computed result never replaces one), or better than a degraded result.
/// </summary>
public sealed class SqlWordTimestampStore(IDbContextFactory<WordTimestampsDbContext> contexts, DatabaseTarget target, TimeProvider timeProvider)
{
    private static readonly string[] Columns = [.. ColumnValues(new WordTimestampsRow()).Select(c => c.Column)];

    private readonly string _upsertSql = UpsertSql(target.Provider);

    public string Description => target.Description;

    public async Task<IReadOnlyList<StoredTimestamps>> GetOrderedAsync(TrackKey key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var video = key.YoutubeVideoId;
        var rows = await db.Rows.AsNoTracking()
            .Where(r => r.SpotifyTrackId == key.SpotifyTrackId && (video == null || r.YoutubeVideoId == null || r.YoutubeVideoId == video))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

        // A track has a handful of rows (one per video and source); expiry is judged on this service's clock.
        return [.. CacheReadRule.Ordered(rows, key, timeProvider.GetUtcNow()).Select(r => r.ToEntry())];
    }

    /// <summary>Writes the row; false when the table kept a row that wins over it (newer, a correction, or better than a degraded result).</summary>
    public async Task<bool> PutAsync(StoredTimestamps entry, CancellationToken cancellationToken)
    {
        var row = WordTimestampsRow.From(entry);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (row.YoutubeVideoId is null)
        {
            // NULLs are distinct to a UNIQUE constraint: replace the video-independent row of this source by hand,
            // inside the same transaction as the insert, unless that row wins (the same rule as the upsert's).
            await using var keeper = Command(connection, transaction,
                "SELECT COUNT(*) FROM word_timestamps_cache existing WHERE existing.spotify_track_id = @spotify_track_id " +
                $"AND existing.youtube_video_id IS NULL AND existing.source = @source AND {KeepsExisting("existing", "@")}");
            AddRuleParameters(keeper, row, entry.IsDegraded);
            if (Convert.ToInt64(await keeper.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            await using var delete = Command(connection, transaction,
                "DELETE FROM word_timestamps_cache WHERE spotify_track_id = @spotify_track_id AND youtube_video_id IS NULL AND source = @source");
            Add(delete, "spotify_track_id", row.SpotifyTrackId);
            Add(delete, "source", row.Source);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var upsert = Command(connection, transaction, _upsertSql);
        foreach (var (column, value) in ColumnValues(row))
        {
            Add(upsert, column, value);
        }

        Add(upsert, "degraded", entry.IsDegraded);
        var written = await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written > 0;
    }

    public async Task<int> DeleteAsync(string spotifyTrackId, string? youtubeVideoId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Rows
            .Where(r => r.SpotifyTrackId == spotifyTrackId && (youtubeVideoId == null || r.YoutubeVideoId == youtubeVideoId))
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            return await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Every column an upsert writes (the first two are the row's identity), with the row's value.</summary>
    private static (string Column, object? Value)[] ColumnValues(WordTimestampsRow row) =>
    [
        ("spotify_track_id", row.SpotifyTrackId), ("youtube_video_id", row.YoutubeVideoId), ("words", row.Words),
        ("lines", row.Lines), ("source", row.Source), ("language", row.Language), ("model_version", row.ModelVersion),
        ("alignment_engine", row.AlignmentEngine), ("alignment_engine_version", row.AlignmentEngineVersion),
        ("model_id", row.ModelId), ("model_revision", row.ModelRevision), ("postprocess_flags", row.PostprocessFlags),
        ("tier_used", row.TierUsed), ("fallback_reason", row.FallbackReason), ("confidence_avg", row.ConfidenceAvg),
        ("lrc_offset_ms", row.LrcOffsetMs), ("unmet_anchors", row.UnmetAnchors), ("word_count", row.WordCount), ("duration_ms", row.DurationMs), ("artist_name", row.ArtistName),
        ("track_name", row.TrackName), ("created_at", row.CreatedAt.ToUniversalTime()), ("expires_at", row.ExpiresAt?.ToUniversalTime()),
    ];

    /// <summary>
    /// One statement: PostgreSQL names the constraint (<c>ON CONFLICT ON CONSTRAINT</c>, Kiaraoke's form; words and
    /// lines cast to JSONB), SQLite names its columns.
    /// </summary>
    private static string UpsertSql(DatabaseProvider provider)
    {
        var postgres = provider == DatabaseProvider.PostgreSql;
        var values = Columns.Select(c => postgres && c is "words" or "lines" ? $"CAST(@{c} AS jsonb)" : "@" + c);
        var conflict = postgres ? "ON CONFLICT ON CONSTRAINT uq_word_timestamps_track_video" : "ON CONFLICT (spotify_track_id, youtube_video_id)";
        var updates = Columns.Skip(2).Select(c => $"{c} = excluded.{c}");
        return $"INSERT INTO word_timestamps_cache ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", values)}) {conflict} " +
               $"DO UPDATE SET {string.Join(", ", updates)} WHERE NOT {KeepsExisting("word_timestamps_cache", "excluded.")}";
    }

    /// <summary>
    /// When the row already there wins over the one being written (<paramref name="incoming"/> is <c>excluded.</c> in
    /// the upsert, <c>@</c> for parameters): it is newer (a late retry never overwrites a newer write); it is a user
    /// correction and the write is not (force_regenerate included); or the write is a degraded result and the row is
    /// unexpired with a higher confidence (a gate-passing row is never replaced by a worse one).
    /// </summary>
    private static string KeepsExisting(string existing, string incoming) =>
        $"({existing}.created_at > {incoming}created_at " +
        $"OR ({existing}.source = '{TimestampSources.UserCorrected}' AND {incoming}source <> '{TimestampSources.UserCorrected}') " +
        $"OR (@degraded AND {existing}.confidence_avg IS NOT NULL AND {existing}.confidence_avg > {incoming}confidence_avg " +
        $"AND ({existing}.expires_at IS NULL OR {existing}.expires_at > {incoming}created_at)))";

    private static void AddRuleParameters(DbCommand command, WordTimestampsRow row, bool degraded)
    {
        Add(command, "spotify_track_id", row.SpotifyTrackId);
        Add(command, "source", row.Source);
        Add(command, "created_at", row.CreatedAt.ToUniversalTime());
        Add(command, "confidence_avg", row.ConfidenceAvg);
        Add(command, "degraded", degraded);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}

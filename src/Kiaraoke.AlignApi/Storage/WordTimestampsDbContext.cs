using Microsoft.EntityFrameworkCore;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>EF Core's view of <c>word_timestamps_cache</c> (snake_case columns, as Kiaraoke created them). The schema itself is owned by <see cref="SchemaMigrator"/>.</summary>
public sealed class WordTimestampsDbContext(DbContextOptions<WordTimestampsDbContext> options) : DbContext(options)
{
    public const string TableName = "word_timestamps_cache";

    public DbSet<WordTimestampsRow> Rows => Set<WordTimestampsRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var json = Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL" ? "jsonb" : "TEXT";
        var row = modelBuilder.Entity<WordTimestampsRow>();
        row.ToTable(TableName);
        row.HasKey(r => r.Id);
        row.Property(r => r.Id).HasColumnName("id");
        row.Property(r => r.SpotifyTrackId).HasColumnName("spotify_track_id");
        row.Property(r => r.YoutubeVideoId).HasColumnName("youtube_video_id");
        row.Property(r => r.Words).HasColumnName("words").HasColumnType(json);
        row.Property(r => r.Lines).HasColumnName("lines").HasColumnType(json);
        row.Property(r => r.Source).HasColumnName("source");
        row.Property(r => r.Language).HasColumnName("language");
        row.Property(r => r.ModelVersion).HasColumnName("model_version");
        row.Property(r => r.AlignmentEngine).HasColumnName("alignment_engine");
        row.Property(r => r.AlignmentEngineVersion).HasColumnName("alignment_engine_version");
        row.Property(r => r.ModelId).HasColumnName("model_id");
        row.Property(r => r.ModelRevision).HasColumnName("model_revision");
        row.Property(r => r.PostprocessFlags).HasColumnName("postprocess_flags");
        row.Property(r => r.TierUsed).HasColumnName("tier_used");
        row.Property(r => r.FallbackReason).HasColumnName("fallback_reason");
        row.Property(r => r.ConfidenceAvg).HasColumnName("confidence_avg");
        row.Property(r => r.LrcOffsetMs).HasColumnName("lrc_offset_ms");
        row.Property(r => r.UnmetAnchors).HasColumnName("unmet_anchors");
        row.Property(r => r.WordCount).HasColumnName("word_count");
        row.Property(r => r.DurationMs).HasColumnName("duration_ms");
        row.Property(r => r.ArtistName).HasColumnName("artist_name");
        row.Property(r => r.TrackName).HasColumnName("track_name");
        row.Property(r => r.CreatedAt).HasColumnName("created_at");
        row.Property(r => r.ExpiresAt).HasColumnName("expires_at");
    }
}

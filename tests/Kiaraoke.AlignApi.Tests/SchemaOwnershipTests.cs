using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Tests.Support;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>
/// Who creates word_timestamps_cache (findings item 6 and 10): Kiaraoke's Alembic fails on every start when the table
/// exists before its first migration, so on a database Kiaraoke uses we wait for its migration, and we never duplicate
/// Kiaraoke's indexes.
/// </summary>
[Collection(StoreServersCollection.Name)]
public sealed class SchemaOwnershipTests(StoreServers servers)
{
    /// <summary>Kiaraoke's table and indexes as its SQLAlchemy model creates them (Alembic revision 001).</summary>
    private const string KiaraokeTable = """
        CREATE TABLE word_timestamps_cache (
            id SERIAL PRIMARY KEY, spotify_track_id VARCHAR(255) NOT NULL, youtube_video_id VARCHAR(32),
            words JSONB NOT NULL, lines JSONB NOT NULL, source VARCHAR(50) NOT NULL, language VARCHAR(10),
            model_version VARCHAR(50), confidence_avg NUMERIC(4,3), word_count INTEGER, duration_ms INTEGER,
            artist_name VARCHAR(255), track_name VARCHAR(255), created_at TIMESTAMPTZ, expires_at TIMESTAMPTZ,
            CONSTRAINT uq_word_timestamps_track_video UNIQUE (spotify_track_id, youtube_video_id));
        CREATE INDEX ix_word_timestamps_cache_id ON word_timestamps_cache (id);
        CREATE INDEX ix_word_timestamps_cache_spotify_track_id ON word_timestamps_cache (spotify_track_id);
        CREATE INDEX ix_word_timestamps_cache_youtube_video_id ON word_timestamps_cache (youtube_video_id);
        CREATE INDEX idx_word_timestamps_lookup ON word_timestamps_cache (spotify_track_id, youtube_video_id);
        CREATE INDEX idx_word_timestamps_expires ON word_timestamps_cache (expires_at);
        CREATE INDEX idx_word_timestamps_source ON word_timestamps_cache (source);
        """;

    private static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("kiaraoke")]
    public async Task On_a_kiaraoke_database_the_table_is_left_to_alembic_and_used_once_it_exists(string owner)
    {
        using var store = await PostgresStoreFixture.CreateAsync(servers.Postgres);
        if (owner == "auto")
        {
            // Kiaraoke has used this database (its Alembic bookkeeping is there) but not created the table yet.
            await store.ExecuteAsync("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)");
        }

        await using var app = store.App(new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc"), settings: new Dictionary<string, string?> { ["KARAOKE_SCHEMA_OWNER"] = owner });
        var client = app.CreateClient(apiKey: null);
        var ready = await (await client.GetAsync("/health/ready")).ExpectAsync(200);
        Assert.Equal("Degraded", ready.GetProperty("checks").GetProperty("store").Str("status"));
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'word_timestamps_cache'"));

        // Alembic runs (no DuplicateTable), then our migration adds its columns and no duplicate index.
        await store.ExecuteAsync(KiaraokeTable);
        await Eventually(async () => (await (await client.GetAsync("/health/ready")).ReadAsync()).GetProperty("checks").GetProperty("store").Str("status") == "Healthy", "the service migrates once Kiaraoke's table exists");
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'word_timestamps_cache' AND column_name = 'alignment_engine_version'"));
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'word_timestamps_cache' AND indexname LIKE 'ix_word_timestamps\\_%' AND indexname NOT LIKE 'ix_word_timestamps_cache%'"));
    }

    [Fact]
    public async Task On_a_database_kiaraoke_never_used_auto_creates_the_table()
    {
        using var store = await PostgresStoreFixture.CreateAsync(servers.Postgres);
        await using var app = store.App(new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc"));
        var ready = await (await app.CreateClient(apiKey: null).GetAsync("/health/ready")).ExpectAsync(200);
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("store").Str("status"));
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'word_timestamps_cache'"));
    }
}

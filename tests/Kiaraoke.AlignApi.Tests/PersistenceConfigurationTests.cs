using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.AlignApi.Tests.Support;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>DATABASE_URL and REDIS_URL parsing, the embedded default, source priorities and TTL classes.</summary>
public sealed class PersistenceConfigurationTests
{
    [Fact]
    public void Kiaraokes_database_url_becomes_an_npgsql_connection_without_the_password_in_its_description()
    {
        var target = DatabaseTarget.Resolve("postgresql://voice%40jury:p%3Ass@db.internal:6543/kiaraoke?sslmode=require", "unused");

        Assert.Equal(DatabaseProvider.PostgreSql, target.Provider);
        Assert.Equal("PostgreSQL db.internal:6543/kiaraoke", target.Description);
        var builder = DatabaseTarget.FromUrl("postgresql://voice%40jury:p%3Ass@db.internal:6543/kiaraoke?sslmode=require");
        Assert.Equal("voice@jury", builder.Username);
        Assert.Equal("p:ss", builder.Password);
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.Equal(5432, DatabaseTarget.FromUrl("postgres://u@h/d").Port);
    }

    [Fact]
    public void Without_a_database_url_the_store_is_a_sqlite_file_in_the_data_directory()
    {
        using var folder = new TempFolder();
        var directory = Path.Combine(folder.Path, "nested", "data");

        var target = DatabaseTarget.Resolve(null, directory);

        Assert.Equal(DatabaseProvider.Sqlite, target.Provider);
        Assert.True(Directory.Exists(directory));
        Assert.Contains(Path.Combine(directory, "kiaraoke.db"), target.ConnectionString);
    }

    [Fact]
    public void Redis_urls_carry_password_database_and_fail_fast_settings()
    {
        var options = RedisConnection.Parse("rediss://:secret@cache:6380/2");

        Assert.True(options.Ssl);
        Assert.Equal("secret", options.Password);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.Equal("cache:6380", options.EndPoints.Single().ToString()?.Replace("Unspecified/", string.Empty));
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(StackExchange.Redis.BacklogPolicy.FailFast, options.BacklogPolicy);
    }

    [Theory]
    [InlineData("user_corrected", 0, null)]
    [InlineData("musixmatch_word", 1, 365)]
    [InlineData("kiaraoke_ctc", 2, 90)]
    [InlineData("torchaudio_ctc", 2, 90)]
    [InlineData("shared_whisper", 3, 90)]
    [InlineData("groq_whisper", 3, 90)]
    [InlineData("lrclib_spread", 99, 90)]
    public void Sources_rank_and_expire_as_kiaraoke_ranks_them(string source, int priority, int? days)
    {
        Assert.Equal(priority, TimestampSources.Priority(source));
        Assert.Equal(days is null ? null : TimeSpan.FromDays(days.Value), TimestampSources.TimeToLive(source, new PersistenceOptions()));
    }
}

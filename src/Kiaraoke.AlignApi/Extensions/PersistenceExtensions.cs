using Kiaraoke.AlignApi.Jobs;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kiaraoke.AlignApi.Extensions;

public static class PersistenceExtensions
{
    /// <summary>
    /// The word-timestamp store: PostgreSQL (DATABASE_URL) or the embedded SQLite file, migrated at start-up; in front of it
    /// Redis (REDIS_URL, plain JSON strings under Kiaraoke's keys) or an in-process memory level; the write retry queue; the cross-replica lock.
    /// </summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PersistenceOptions>()
            .BindConfiguration(PersistenceOptions.SectionName)
            .Configure<IConfiguration>((o, c) => KiaraokeEnvironment.Apply(o, c, PersistenceOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PersistenceOptions>, PersistenceOptionsValidator>();

        // The provider is chosen once, from configuration as it is at start-up.
        var external = new ExternalServicesOptions();
        builder.Configuration.GetSection(ExternalServicesOptions.SectionName).Bind(external);
        KiaraokeEnvironment.Apply(external, builder.Configuration, ExternalServicesOptions.SectionName);
        var usePostgres = !string.IsNullOrWhiteSpace(external.DatabaseUrl);
        var redisUrl = string.IsNullOrWhiteSpace(external.RedisUrl) ? null : external.RedisUrl;

        services.AddSingleton(sp =>
        {
            var persistence = sp.GetRequiredService<IOptions<PersistenceOptions>>().Value;
            var environment = sp.GetRequiredService<IHostEnvironment>();
            return DatabaseTarget.Resolve(sp.GetRequiredService<IOptions<ExternalServicesOptions>>().Value.DatabaseUrl, EnvironmentOptionsValidator.ResolvePath(environment, persistence.DataDirectory));
        });
        services.AddPooledDbContextFactory<WordTimestampsDbContext>((sp, options) =>
        {
            var target = sp.GetRequiredService<DatabaseTarget>();

            // An unreachable database fails every query; the store's own summarised warnings report that, so EF Core's
            // per-query error entries (each with a stack trace) are demoted to Debug.
            options.ConfigureWarnings(w => w.Log(
                (CoreEventId.QueryIterationFailed, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (RelationalEventId.ConnectionError, LogLevel.Debug),
                (RelationalEventId.CommandError, LogLevel.Debug)));
            if (target.Provider == DatabaseProvider.PostgreSql)
            {
                options.UseNpgsql(target.ConnectionString);
            }
            else
            {
                options.UseSqlite(target.ConnectionString);
            }
        });

        services.AddSingleton<StoreMetrics>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<SchemaMigrationService>();
        services.AddHostedService(sp => sp.GetRequiredService<SchemaMigrationService>());
        services.AddSingleton<SqlWordTimestampStore>();
        services.AddSingleton<IWordTimestampStore, CachedWordTimestampStore>();
        services.AddSingleton<WriteRetryQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<WriteRetryQueue>());

        if (usePostgres)
        {
            services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<DatabaseTarget>().ConnectionString));
            services.AddSingleton<ITrackComputationLock, PostgresAdvisoryComputationLock>();
        }
        else
        {
            services.AddSingleton<ITrackComputationLock, InProcessComputationLock>();
        }

        // Level 1 without Redis (one replica); with REDIS_URL the cache is Redis alone, shared with Kiaraoke.
        services.AddMemoryCache();
        if (redisUrl is not null)
        {
            services.AddSingleton(sp => new RedisConnection(redisUrl, sp.GetRequiredService<ILogger<RedisConnection>>()));
            services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        }

        // Asynchronous jobs (Hangfire) on the same database, or beside the SQLite file.
        builder.AddAlignJobs();
        return builder;
    }
}

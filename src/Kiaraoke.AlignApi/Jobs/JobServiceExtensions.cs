using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Storage;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Jobs;

public static class JobServiceExtensions
{
    /// <summary>
    /// Hangfire: on PostgreSQL (schema <see cref="JobOptions.PostgresSchema"/>) when DATABASE_URL is set, so jobs survive
    /// restarts and every replica shares them; otherwise on <c>hangfire.db</c> (Hangfire.Storage.SQLite) in the data
    /// folder. The server runs the <c>align</c> and <c>maintenance</c> queues unless <see cref="JobOptions.RunWorkers"/> is off.
    /// </summary>
    public static IHostApplicationBuilder AddAlignJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHangfire((sp, configuration) =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobOptions>>().Value;
            var target = sp.GetRequiredService<DatabaseTarget>();
            configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            var poll = TimeSpan.FromSeconds(jobs.PollIntervalSeconds);
            if (target.Provider == DatabaseProvider.PostgreSql)
            {
                configuration.UsePostgreSqlStorage(
                    o => o.UseNpgsqlConnection(target.ConnectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = jobs.PostgresSchema,
                        QueuePollInterval = poll,
                        PrepareSchemaIfNecessary = true,
                        StartupConnectionMaxRetries = 1,
                        StartupConnectionBaseDelay = TimeSpan.FromMilliseconds(200),
                        AllowDegradedModeWithoutStorage = true,
                        UseSlidingInvisibilityTimeout = true,
                        InvisibilityTimeout = TimeSpan.FromMinutes(5),
                    });
            }
            else
            {
                var folder = EnvironmentOptionsValidator.ResolvePath(sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<IOptions<PersistenceOptions>>().Value.DataDirectory);
                Directory.CreateDirectory(folder);
                configuration.UseSQLiteStorage(Path.Combine(folder, "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = poll });
            }
        });

        services.AddSingleton<AlignJobQueue>();
        services.AddTransient<AlignJob>();
        services.AddTransient<RealignJob>();
        services.AddSingleton<ApiKeyDashboardAuthorization>();
        if (!builder.Configuration.GetValue(JobOptions.SectionName + ":" + nameof(JobOptions.RunWorkers), true))
        {
            return builder;
        }

        services.AddHangfireServer((sp, server) =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobOptions>>().Value;
            server.WorkerCount = jobs.WorkerCount;
            server.Queues = [AlignJob.Queue, RealignJob.Queue];
            server.SchedulePollingInterval = TimeSpan.FromSeconds(Math.Max(1, jobs.PollIntervalSeconds));
            server.ShutdownTimeout = TimeSpan.FromSeconds(5);
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
        });
        return builder;
    }
}

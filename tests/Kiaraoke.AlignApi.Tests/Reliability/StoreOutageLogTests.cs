using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace Kiaraoke.AlignApi.Tests.Reliability;

/// <summary>
/// Findings D15: with PostgreSQL down, each GET miss logged three errors (two with stack traces). Now 200 misses in an
/// outage leave one warning with the count, and no error entries.
/// </summary>
[Collection(StoreServersCollection.Name)]
public sealed class StoreOutageLogTests(StoreServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task A_database_outage_logs_one_summarised_warning_not_one_error_per_request()
    {
        using var store = await PostgresStoreFixture.CreateAsync(servers.Postgres);
        var logs = new FakeLoggerProvider();
        await using var app = store.App(new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc"));
        app.Settings["REDIS_URL"] = null;
        var withLogs = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = withLogs.CreateClient();
        await (await client.GetAsync("/timestamps/warm")).ExpectAsync(200);

        await servers.Postgres.StopAsync();
        try
        {
            var before = logs.Collector.Count;
            for (var i = 0; i < 200; i++)
            {
                Assert.Equal("not_found", (await (await client.GetAsync($"/timestamps/out{i}")).ExpectAsync(200)).Str("status"));
            }

            var entries = logs.Collector.GetSnapshot().Skip(before).Where(r => r.Level >= LogLevel.Warning).ToList();
            foreach (var entry in entries)
            {
                output.WriteLine($"{entry.Level} {entry.Category}: {entry.Message}");
            }

            Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
            var summaries = entries.Where(e => e.Id.Name == "StoreReadsFailing").ToList();
            Assert.Single(summaries);
            Assert.True(entries.Count <= 3, $"{entries.Count} warning entries for 200 failed reads");
        }
        finally
        {
            await servers.Postgres.StartAsync_();
        }
    }
}

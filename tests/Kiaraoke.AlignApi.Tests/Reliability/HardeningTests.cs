using System.Diagnostics;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Input;
using Kiaraoke.AlignApi.Telemetry;
using Kiaraoke.AlignApi.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Kiaraoke.AlignApi.Tests.Reliability;

/// <summary>
/// Configuration, disclosure and hygiene defects of the reliability findings: a key setting without a key (D12),
/// readiness details without a key (D14), leftover uploads of killed processes (D10), summarised outage logs (D15).
/// </summary>
public sealed class HardeningTests
{
    private const string Lyrics = "bonjour la mer\nsalut tout le monde";

    [Theory]
    [InlineData(" , ")]
    [InlineData(",,")]
    [InlineData("   ")]
    public void A_key_setting_without_any_key_stops_start_up_in_production(string keys)
    {
        using var app = new AlignApiApplication { Settings = { ["KARAOKE_API_KEYS"] = keys, ["environment"] = "Production" } };
        // The host explains a failed start in one line on stderr and exits 1 (RunOrExplainAsync), so the test host
        // sees it stop; the line is what an operator reads.
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(TextWriter.Synchronized(stderr));
        try
        {
            Assert.ThrowsAny<Exception>(() => app.CreateClient());
        }
        finally
        {
            Console.SetError(original);
        }

        var line = stderr.ToString();
        Assert.Contains("could not start", line);
        Assert.Contains("KARAOKE_API_KEYS", line);
        Assert.Contains("holds no key", line);
    }

    [Fact]
    public async Task Real_keys_in_production_and_blank_keys_in_development_still_start()
    {
        await using (var production = new AlignApiApplication { Settings = { ["KARAOKE_API_KEYS"] = $" , {AlignApiApplication.ApiKey} ,", ["environment"] = "Production" } })
        {
            await (await production.CreateClient(apiKey: null).DeleteAsync("/timestamps/k1")).ExpectProblemAsync(401, "API key");
            await (await production.CreateClient(AlignApiApplication.ApiKey).DeleteAsync("/timestamps/k1")).ExpectAsync(200);
        }

        await using var development = new AlignApiApplication { Settings = { ["KARAOKE_API_KEYS"] = " , " } };
        await (await development.CreateClient(apiKey: null).DeleteAsync("/timestamps/k1")).ExpectAsync(200);
    }

    [Fact]
    public async Task Readiness_without_a_key_discloses_no_path_host_or_port()
    {
        await using var app = new AlignApiApplication { Settings = { ["KARAOKE_API_KEYS"] = AlignApiApplication.ApiKey } };

        var anonymous = await (await app.CreateClient(apiKey: null).GetAsync("/health/ready")).ReadAsync();
        var keyed = await (await app.CreateClient(AlignApiApplication.ApiKey).GetAsync("/health/ready")).ReadAsync();

        Assert.Equal("Healthy", anonymous.Str("status"));
        Assert.Equal("Healthy", anonymous.GetProperty("checks").GetProperty("store").Str("status"));
        Assert.DoesNotContain(app.DataDirectory, anonymous.GetRawText());
        Assert.DoesNotContain("SQLite", anonymous.GetRawText());
        Assert.DoesNotContain("tone-ctc", anonymous.GetRawText());
        Assert.Contains("SQLite", keyed.GetProperty("checks").GetProperty("store").Str("description"));
    }

    [Fact]
    public async Task Uploads_left_by_a_dead_process_are_removed_at_start_up_and_live_ones_kept()
    {
        using var folder = new TempFolder();
        var deadPid = DeadProcessId();
        using var self = Process.GetCurrentProcess();
        var dead = Directory.CreateDirectory(folder.File($"p{deadPid}-1700000000")).FullName;
        var reused = Directory.CreateDirectory(folder.File($"p{self.Id}-1")).FullName;
        var live = Directory.CreateDirectory(folder.File(UploadFolder.OwnerName(self.Id, self.StartTime))).FullName;
        var foreign = Directory.CreateDirectory(folder.File("not-ours")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(dead, "a.wav"), new byte[4096]);
        await File.WriteAllBytesAsync(Path.Combine(reused, "b.mp3"), new byte[1024]);
        await File.WriteAllBytesAsync(Path.Combine(live, "in-flight.wav"), new byte[10]);
        await File.WriteAllBytesAsync(Path.Combine(foreign, "x"), new byte[10]);
        var loose = folder.File("0123456789abcdef0123456789abcdef.wav");
        await File.WriteAllBytesAsync(loose, new byte[2048]);
        File.SetLastWriteTimeUtc(loose, DateTime.UtcNow.AddHours(-2));
        var recentLoose = folder.File("fedcba9876543210fedcba9876543210.wav");
        await File.WriteAllBytesAsync(recentLoose, new byte[10]);

        await using var app = new AlignApiApplication
        {
            Engines = [new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc")],
            Settings = { ["KARAOKE_UPLOAD_DIR"] = folder.Path },
        };
        await (await app.CreateClient(apiKey: null).PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(1_000), "u1", Lyrics))).ExpectAsync(200);

        Assert.False(Directory.Exists(dead));
        Assert.False(Directory.Exists(reused));
        Assert.False(File.Exists(loose));
        Assert.True(File.Exists(Path.Combine(live, "in-flight.wav")));
        Assert.True(File.Exists(Path.Combine(foreign, "x")));
        Assert.True(File.Exists(recentLoose));
        Assert.Equal(["in-flight.wav"], Directory.GetFiles(live).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_stopping_service_leaves_no_upload_folder_behind()
    {
        using var folder = new TempFolder();
        await using (var app = new AlignApiApplication
        {
            Engines = [new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc")],
            Settings = { ["KARAOKE_UPLOAD_DIR"] = folder.Path },
        })
        {
            await (await app.CreateClient(apiKey: null).PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(1_000), "u2", Lyrics))).ExpectAsync(200);
            Assert.Single(Directory.GetDirectories(folder.Path));
        }

        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Failed_store_reads_are_one_warning_per_interval_with_a_count()
    {
        var logger = new FakeLogger();
        for (var i = 0; i < 500; i++)
        {
            StoreOutageLog.ReadFailed(logger, $"t{i}:any", "PostgreSQL", "connection refused", TimeSpan.FromMilliseconds(300));
        }

        Assert.Equal(1, logger.Collector.Count);
        Thread.Sleep(400);
        StoreOutageLog.ReadFailed(logger, "t500:any", "PostgreSQL", "connection refused", TimeSpan.FromMilliseconds(300));

        var records = logger.Collector.GetSnapshot();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.Contains("failed 1 time(s)", records[0].Message);
        Assert.Contains("failed 500 time(s)", records[1].Message);
        Assert.Contains("t500:any", records[1].Message);
    }

    /// <summary>The id of a process that has just exited (ids are reused only after the whole range wrapped).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        process.WaitForExit();
        return process.Id;
    }
}

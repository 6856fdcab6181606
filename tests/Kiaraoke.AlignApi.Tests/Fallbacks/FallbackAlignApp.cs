using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Tests.Support;
using Kiaraoke.Alignment.Timing;
using Kiaraoke.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

/// <summary>
/// The real service, with Tier 1 replaced by a stand-in (failing, or returning a fixed result the gate will judge)
/// and Tiers 2/3 pointed at local servers. No API key configured: the local-development mode.
/// </summary>
internal sealed class FallbackAlignApp(IAlignmentEngine tier1, string sharedWhisperUrl, string? groqUrl, params (string Key, string Value)[] settings)
    : WebApplicationFactory<Program>
{
    private readonly TempFolder _data = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("KIARAOKE_DATA_DIR", _data.Path); // its own embedded store, gone with the test
        builder.UseSetting("SHARED_WHISPER_URL", sharedWhisperUrl);
        builder.UseSetting("SHARED_WHISPER_TIMEOUT", "10");
        if (groqUrl is not null)
        {
            builder.UseSetting("GROQ_API_URL", groqUrl);
            builder.UseSetting("GROQ_API_KEY", "gsk_local_test");
            builder.UseSetting("Groq:RetryBaseDelayMs", "20");
        }

        builder.UseSetting("KARAOKE_LRCLIB_URL", LocalHttpServer.DeadUrl());
        builder.UseSetting("Alignment:EmbeddedModelDir", Path.Combine(RepoRoot(), "models", "kiaraoke-ctc-v2"));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddAlignmentEngine(tier1));
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Kiaraoke.AlignApi.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Kiaraoke.AlignApi.sln).");
    }
}

/// <summary>A Tier 1 that always fails, as a crashed or missing model would; it keeps the last job it was given.</summary>
internal sealed class FailingTier1 : IAlignmentEngine
{
    public AlignmentJob? LastJob { get; private set; }

    public AlignmentTier Tier => AlignmentTier.Ctc;

    public string Source => "kiaraoke_ctc";

    public string ModelVersion => "test-ctc@0";

    public bool IsAvailable => true;

    public Task<AlignmentResult> AlignAsync(AlignmentJob job, CancellationToken cancellationToken)
    {
        LastJob = job;
        throw new InvalidOperationException("Tier 1 forced to fail for this test.");
    }
}

/// <summary>A Tier 1 that answers with fixed lines (e.g. one confident line, one weak line).</summary>
internal sealed class FixedTier1(Func<AlignmentJob, IReadOnlyList<AlignedLine>> lines) : IAlignmentEngine
{
    public AlignmentTier Tier => AlignmentTier.Ctc;

    public string Source => "kiaraoke_ctc";

    public string ModelVersion => "test-ctc@0";

    public bool IsAvailable => true;

    public Task<AlignmentResult> AlignAsync(AlignmentJob job, CancellationToken cancellationToken) =>
        Task.FromResult(new AlignmentResult(lines(job), job.Audio.DurationMs, new StageTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero)));
}

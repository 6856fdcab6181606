using System.Diagnostics;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Tests.Support;
using Kiaraoke.Tests.Shared;
using Xunit.Abstractions;

namespace Kiaraoke.AlignApi.Tests.Reliability;

/// <summary>Tests that measure this process's memory: they run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurements";
}

/// <summary>
/// Decode bombs (findings D4): 10 h and 20 h of FLAC silence (6.9 MB and 13.9 MB, made here with ffmpeg) expand to
/// 2.3 GB and 4.6 GB of float samples. Each must be refused with a 400 naming the duration, quickly, with this
/// process's working set barely moving, no ffmpeg or ffprobe left running, no upload left on disk, and the inference
/// slot free again for the next request.
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class DecodeBombTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Bound on working-set growth while a bomb is refused (before the fix: +4.5 GB and +6.6 GB, kept).</summary>
    private const long MaxGrowthBytes = 300L * 1024 * 1024;

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Ten_and_twenty_hours_of_flac_are_refused_quickly_with_flat_memory_and_no_child_left()
    {
        var bombs = await Task.WhenAll(Silence("s10h.flac", 36_000), Silence("s20h.flac", 72_000));
        var uploads = Directory.CreateDirectory(_folder.File("uploads")).FullName;
        await using var app = new AlignApiApplication
        {
            Engines = [new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc")],
            Settings = { ["KARAOKE_UPLOAD_DIR"] = uploads, ["KARAOKE_MAX_CONCURRENT_ALIGNMENTS"] = "1", ["KARAOKE_ALIGN_QUEUE_LIMIT"] = "0" },
        };
        var client = app.CreateClient(apiKey: null);
        await (await client.PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(1_000), "warm", "bonjour la mer salut tout le monde"))).ExpectAsync(200);

        foreach (var (path, hours) in bombs.Zip(new[] { 10, 20 }))
        {
            var bytes = await File.ReadAllBytesAsync(path);
            var baseline = WorkingSet();
            using var sampler = new PeakSampler();
            var clock = Stopwatch.StartNew();

            var response = await client.PostAsync("/align", AlignRequests.Multipart(bytes, $"bomb{hours}", "bonjour la mer salut tout le monde", fileName: $"s{hours}h.flac"));

            clock.Stop();
            var peak = await sampler.StopAsync();
            await response.ExpectProblemAsync(400, $"lasts {hours * 3_600}.0 s; the limit is 900 s (KARAOKE_MAX_AUDIO_SECONDS)");
            var children = ChildProcesses.Naming(uploads);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var after = WorkingSet();
            output.WriteLine($"{hours} h FLAC ({bytes.Length / 1e6:0.0} MB): 400 in {clock.Elapsed.TotalMilliseconds:0} ms; working set {baseline / 1e6:0} MB → peak {peak / 1e6:0} MB (+{(peak - baseline) / 1e6:0} MB) → {after / 1e6:0} MB after GC; ffmpeg/ffprobe children left: {children.Count}");

            Assert.Empty(children);
            Assert.True(peak - baseline < MaxGrowthBytes, $"working set grew by {(peak - baseline) / 1e6:0} MB while refusing {hours} h");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"refused after {clock.Elapsed}");
            Assert.Empty(Directory.GetFiles(uploads, "*", SearchOption.AllDirectories));
        }

        // The only inference slot (queue 0) is free again: a normal request is served, not refused with 429.
        await (await client.PostAsync("/align", AlignRequests.Multipart(ToneVocals.Silent(1_000), "after", "bonjour la mer salut tout le monde"))).ExpectAsync(200);
    }

    public void Dispose() => _folder.Dispose();

    private static long WorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private async Task<string> Silence(string name, int seconds)
    {
        var path = _folder.File(name);
        using var process = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:a", "flac", path])
        {
            RedirectStandardError = true,
        })!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffmpeg could not make the {name} bomb: {stderr}");
        return path;
    }

    /// <summary>Samples this process's working set every 5 ms until stopped; returns the highest value seen.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _task;

        public PeakSampler()
        {
            _task = Task.Run(async () =>
            {
                var peak = WorkingSet();
                while (!_stop.IsCancellationRequested)
                {
                    peak = Math.Max(peak, WorkingSet());
                    await Task.Delay(5);
                }

                return Math.Max(peak, WorkingSet());
            });
        }

        public async Task<long> StopAsync()
        {
            await _stop.CancelAsync();
            return await _task;
        }

        public void Dispose() => _stop.Dispose();
    }
}

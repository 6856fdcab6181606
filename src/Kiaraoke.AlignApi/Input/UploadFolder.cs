using System.Diagnostics;
using System.Globalization;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Input;

/// <summary>
/// Where uploaded audio waits while it is aligned: <c>{root}/p{pid}-{start}/</c>, one sub-folder per process, named
/// after its id and start time. A request deletes its own file; a process killed mid-request cannot, so start-up
/// removes the folders of processes that no longer run (or whose id now belongs to a process started at another
/// time), and loose files of older versions that are more than an hour old. Live processes' folders are never touched,
/// so replicas (or test hosts) sharing one temp folder do not delete each other's uploads.
/// </summary>
public sealed class UploadFolder : IHostedService
{
    private static readonly TimeSpan LooseFileAge = TimeSpan.FromHours(1);

    private readonly ILogger<UploadFolder> _logger;

    public UploadFolder(IOptions<ServiceLimitsOptions> limits, IHostEnvironment environment, ILogger<UploadFolder> logger)
    {
        _logger = logger;
        var configured = limits.Value.UploadDirectory;
        Root = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetTempPath(), "kiaraoke-align")
            : EnvironmentOptionsValidator.ResolvePath(environment, configured);
        using var self = Process.GetCurrentProcess();
        Own = Path.Combine(Root, OwnerName(self.Id, self.StartTime));
    }

    public string Root { get; }

    /// <summary>This process's sub-folder.</summary>
    public string Own { get; }

    /// <summary>A fresh file path in this process's sub-folder (created on demand).</summary>
    public string NewFile(string extension)
    {
        Directory.CreateDirectory(Own);
        return Path.Combine(Own, Guid.NewGuid().ToString("N") + extension);
    }

    public static string OwnerName(int processId, DateTime startTime) =>
        string.Create(CultureInfo.InvariantCulture, $"p{processId}-{startTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond}");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var (files, bytes) = RemoveLeftovers();
        if (files > 0)
        {
            ReliabilityLog.UploadLeftoversRemoved(_logger, files, bytes, Root);
        }

        return Task.CompletedTask;
    }

    /// <summary>Removes this process's folder when it is empty (another host in the process may still be using it).</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Directory.Exists(Own) && !Directory.EnumerateFileSystemEntries(Own).Any())
            {
                Directory.Delete(Own);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file arrived in between: the next start-up removes the folder once this process is gone.
        }

        return Task.CompletedTask;
    }

    /// <summary>Deletes what dead processes left; returns the number of files and bytes removed.</summary>
    public (int Files, long Bytes) RemoveLeftovers()
    {
        if (!Directory.Exists(Root))
        {
            return (0, 0);
        }

        var files = 0;
        var bytes = 0L;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (IsLive(Path.GetFileName(folder)))
            {
                continue;
            }

            foreach (var file in SafeFiles(folder, recursive: true))
            {
                (files, bytes) = Delete(file, files, bytes);
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another process is cleaning too, or the folder is not ours to delete.
            }
        }

        var cutoff = DateTime.UtcNow - LooseFileAge;
        foreach (var file in SafeFiles(Root, recursive: false).Where(f => File.GetLastWriteTimeUtc(f) < cutoff))
        {
            (files, bytes) = Delete(file, files, bytes);
        }

        return (files, bytes);
    }

    /// <summary>True unless the folder name is an owner whose process is gone (unknown names are left alone).</summary>
    private static bool IsLive(string name)
    {
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        if (!name.StartsWith('p') || dash < 2
            || !int.TryParse(name.AsSpan(1, dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
            || !long.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return OwnerName(processId, process.StartTime) == name;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static IEnumerable<string> SafeFiles(string folder, bool recursive)
    {
        try
        {
            return Directory.GetFiles(folder, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static (int Files, long Bytes) Delete(string file, int files, long bytes)
    {
        try
        {
            var length = new FileInfo(file).Length;
            File.Delete(file);
            return (files + 1, bytes + length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (files, bytes);
        }
    }
}

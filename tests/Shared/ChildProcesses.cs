using System.Globalization;

namespace Kiaraoke.Tests.Shared;

/// <summary>
/// The live child processes of this test process, read from /proc (Linux): used to prove that no ffmpeg or ffprobe
/// outlives a request. Tests run in parallel, so callers look only for children whose command line names their own file.
/// </summary>
internal static class ChildProcesses
{
    /// <summary>Children of this process (any depth is not needed: ffmpeg is started directly) whose command line contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<string> Naming(string marker)
    {
        var self = Environment.ProcessId;
        var found = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // fields[0] = state, fields[1] = parent pid; a zombie (Z) still counts: nobody reaped it.
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) != self)
                {
                    continue;
                }

                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                if (commandLine.Contains(marker, StringComparison.Ordinal) || (commandLine.Length == 0 && fields[0] == "Z" && name is "ffmpeg" or "ffprobe"))
                {
                    found.Add($"{pid} {name} [{fields[0]}] {commandLine}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we read it.
            }
        }

        return found;
    }
}

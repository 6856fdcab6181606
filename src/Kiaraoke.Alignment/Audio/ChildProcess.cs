using System.ComponentModel;
using System.Diagnostics;

namespace Kiaraoke.Alignment.Audio;

/// <summary>
/// Starts ffmpeg and ffprobe with redirected pipes and makes sure none outlives its caller: <see cref="Dispose"/>
/// kills the whole process tree when it is still running (error, cancellation, timeout, limit reached) and reaps it.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private ChildProcess(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    /// <summary>Starts <paramref name="fileName"/>; a missing binary is <see cref="Win32Exception"/>, as from Process.Start.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new Win32Exception("process did not start");
        process.StandardInput.Close();
        return new ChildProcess(process);
    }

    /// <summary>Kills the process tree now (idempotent); blocked pipe reads then return end-of-stream.</summary>
    public void Kill()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited in between.
        }
        catch (Win32Exception)
        {
            // Exiting; WaitForExit below reaps it.
        }
    }

    public void Dispose()
    {
        Kill();
        try
        {
            Process.WaitForExit(5_000);
        }
        catch (InvalidOperationException)
        {
        }

        Process.Dispose();
    }
}

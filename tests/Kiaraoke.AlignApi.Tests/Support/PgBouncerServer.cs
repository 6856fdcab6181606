using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kiaraoke.AlignApi.Tests.Support;

/// <summary>
/// A real PgBouncer (Debian's /usr/sbin/pgbouncer) in front of the test PostgreSQL, in transaction pooling as in
/// Kiaraoke's compose: each transaction may run on another server connection. It runs as the postgres user (PgBouncer
/// refuses root) with trust authentication on loopback.
/// </summary>
internal sealed class PgBouncerServer : IAsyncDisposable
{
    private readonly string _directory;
    private Process? _process;

    private PgBouncerServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Url(string database) => $"postgres://postgres@127.0.0.1:{Port}/{database}";

    public static async Task<PgBouncerServer> StartAsync(int postgresPort)
    {
        var binary = new[] { "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("pgbouncer not found (/usr/sbin/pgbouncer). Install it with scripts/install-deps.sh (apt-get install pgbouncer); ./test.sh does it.");
        var directory = Path.Combine(Path.GetTempPath(), "kiaraoke-pgb-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "users.txt"), "\"postgres\" \"\"\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "pgbouncer.ini"), $"""
            [databases]
            * = host=127.0.0.1 port={postgresPort}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {directory}/users.txt
            pool_mode = transaction
            max_client_conn = 500
            default_pool_size = 20
            ignore_startup_parameters = extra_float_digits
            logfile = {directory}/pgbouncer.log
            """);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await Process.Start("chown", ["-R", "postgres:postgres", directory])!.WaitForExitAsync();
        }

        var server = new PgBouncerServer(directory, port);
        var start = asRoot
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", binary, Path.Combine(directory, "pgbouncer.ini")])
            : new ProcessStartInfo(binary, [Path.Combine(directory, "pgbouncer.ini")]);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        server._process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start pgbouncer.");
        server._process.OutputDataReceived += (_, _) => { };
        server._process.ErrorDataReceived += (_, _) => { };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                if (server._process.HasExited)
                {
                    break;
                }

                await Task.Delay(50);
            }
        }

        var log = File.Exists(Path.Combine(directory, "pgbouncer.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "pgbouncer.log")) : string.Empty;
        throw new InvalidOperationException($"pgbouncer did not listen on port {port}: {log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // runuser passes the signal on to pgbouncer; kill the whole tree so nothing is left listening.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

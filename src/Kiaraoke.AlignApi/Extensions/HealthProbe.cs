namespace Kiaraoke.AlignApi.Extensions;

/// <summary>
/// <c>dotnet Kiaraoke.AlignApi.dll probe [path]</c>: asks the running service for /health/live (or the given path) on
/// its own port and exits 0 or 1. The container HEALTHCHECK uses it because the aspnet image has no curl or wget.
/// </summary>
public static class HealthProbe
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "probe";

    public static async Task<int> RunAsync(string[] args)
    {
        var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080").Split(';', ',')[0].Trim();
        var path = args.Length > 1 ? args[1] : "/health/live";
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"));
            await Console.Out.WriteLineAsync($"{path}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{path}: {ex.Message}");
            return 1;
        }
    }
}

using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Extensions;

/// <summary>
/// Runs the host, and turns a failure to start (a bad setting, a model that cannot be loaded, a port in use) into one
/// clear line on stderr and exit code 1, not a stack trace.
/// </summary>
public static class StartupFailureExtensions
{
    public static async Task<int> RunOrExplainAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"Kiaraoke.AlignApi could not start: {OneLine(ex)}");
            return 1;
        }
    }

    private static string OneLine(Exception ex)
    {
        var message = ex switch
        {
            OptionsValidationException validation => string.Join("; ", validation.Failures),
            AggregateException { InnerExceptions.Count: > 0 } aggregate => string.Join("; ", aggregate.InnerExceptions.Select(OneLine)),
            _ => ex.Message,
        };
        return message.ReplaceLineEndings(" ");
    }
}

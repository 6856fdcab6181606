using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Extensions;

/// <summary>
/// Runs the host, and turns a failure to start (a bad setting, a model that cannot be loaded, a port in use) into one
/// clear line on stderr and exit code 1, not a stack trace.
/// </summary>
public static class StartupFailureExtensions
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private static volatile bool s_started;

    /// <summary>
    /// Until the host has started, its own "failed to start" error (with the stack trace) is not logged:
    /// <see cref="RunOrExplainAsync"/> says it in one line instead. Afterwards everything is logged as usual.
    /// </summary>
    public static IHostApplicationBuilder ReportStartupFailuresInOneLine(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddFilter(HostCategory, level => level >= LogLevel.Information && (level < LogLevel.Error || s_started));
        return builder;
    }

    public static async Task<int> RunOrExplainAsync(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => s_started = true);
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

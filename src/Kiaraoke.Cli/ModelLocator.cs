namespace Kiaraoke.Cli;

/// <summary>Finds the acoustic model: an explicit directory, else KIARAOKE_MODEL_DIR, else the embedded default shipped beside the program.</summary>
internal static class ModelLocator
{
    public const string DefaultModelName = "kiaraoke-ctc-v3";

    public static string Resolve(string? explicitDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return explicitDirectory;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("KIARAOKE_MODEL_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        return Path.Combine(AppContext.BaseDirectory, "models", DefaultModelName);
    }
}

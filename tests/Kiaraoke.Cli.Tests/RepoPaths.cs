namespace Kiaraoke.Cli.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ToneModel => Path.Combine(Root, "tests", "models", "tone-ctc");

    public static string GoldenJamendo => Path.GetFullPath(Path.Combine(Root, "..", "shared", "golden", "jamendo"));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Kiaraoke.AlignApi.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}

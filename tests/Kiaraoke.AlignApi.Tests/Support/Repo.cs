namespace Kiaraoke.AlignApi.Tests.Support;

internal static class Repo
{
    /// <summary>The repository root: the folder holding Kiaraoke.AlignApi.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string ToneModel => Path.Combine(Root, "tests", "models", "tone-ctc");

    public static string OpenApiYaml => Path.Combine(Root, "openapi.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kiaraoke.AlignApi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Kiaraoke.AlignApi.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder removed with the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kiaraoke-api-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

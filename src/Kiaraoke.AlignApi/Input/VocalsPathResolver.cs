using Kiaraoke.AlignApi.Errors;

namespace Kiaraoke.AlignApi.Input;

/// <summary>
/// Resolves a client-supplied vocals path strictly inside the vocals root: no <c>..</c> segment, no absolute path
/// elsewhere, and no symbolic link (at any depth) whose target leaves the root.
/// </summary>
public static class VocalsPathResolver
{
    public static string Resolve(string? root, string requested)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw ApiProblemException.Invalid("vocalsPath", "vocalsPath is not accepted by this instance: no vocals root is configured (KARAOKE_VOCALS_ROOT); upload the audio as multipart instead.");
        }

        if (string.IsNullOrWhiteSpace(requested) || requested.Contains('\0', StringComparison.Ordinal))
        {
            throw ApiProblemException.Invalid("vocalsPath", "vocalsPath is empty or contains a NUL character.");
        }

        if (requested.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw ApiProblemException.Invalid("vocalsPath", $"vocalsPath '{requested}' contains a '..' segment; give a path inside the vocals root.");
        }

        var realRoot = RealPath(Path.GetFullPath(root));
        var candidate = Path.IsPathRooted(requested) ? Path.GetFullPath(requested) : Path.GetFullPath(Path.Combine(realRoot, requested));
        if (!IsUnder(candidate, realRoot) && !IsUnder(candidate, Path.GetFullPath(root)))
        {
            throw ApiProblemException.Invalid("vocalsPath", $"vocalsPath '{requested}' is outside the vocals root.");
        }

        var real = RealPath(candidate);
        if (!IsUnder(real, realRoot))
        {
            throw ApiProblemException.Invalid("vocalsPath", $"vocalsPath '{requested}' goes through a symbolic link that leaves the vocals root.");
        }

        if (!File.Exists(real))
        {
            throw ApiProblemException.Invalid("vocalsPath", $"No file at vocalsPath '{requested}' in the vocals root.");
        }

        return real;
    }

    private static bool IsUnder(string path, string root)
    {
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>The path with every symbolic link along it replaced by its final target (like realpath(3)).</summary>
    internal static string RealPath(string fullPath)
    {
        var parts = fullPath.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = Path.GetPathRoot(fullPath) ?? "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : RealPath(Path.GetFullPath(target.FullName));
            }

            current = next;
        }

        return current;
    }
}

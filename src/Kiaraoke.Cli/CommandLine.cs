namespace Kiaraoke.Cli;

/// <summary>Minimal <c>--name value</c> / <c>--flag</c> parser; unknown options are errors, never ignored.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    public static CommandLine Parse(IReadOnlyList<string> args, ISet<string> valueOptions, ISet<string> flagOptions)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (valueOptions.Contains(arg))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"Option {arg} needs a value.");
                }

                line._values[arg] = args[++i];
            }
            else if (flagOptions.Contains(arg))
            {
                line._values[arg] = null;
            }
            else
            {
                throw new UsageException($"Unknown option '{arg}'.");
            }
        }

        return line;
    }

    public bool Has(string option) => _values.ContainsKey(option);

    public string? Get(string option) => _values.GetValueOrDefault(option);

    public string Require(string option) =>
        _values.TryGetValue(option, out var value) && value is not null ? value : throw new UsageException($"Missing required option {option}.");

    public int GetInt(string option, int fallback) =>
        Get(option) is { } text
            ? int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"Option {option} expects a whole number, got '{text}'.")
            : fallback;

    public double GetDouble(string option, double fallback) =>
        Get(option) is { } text
            ? double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x : throw new UsageException($"Option {option} expects a number, got '{text}'.")
            : fallback;

    /// <summary>An option that is <c>on</c> or <c>off</c>; <paramref name="fallback"/> when absent.</summary>
    public bool GetOnOff(string option, bool fallback) => Get(option) switch
    {
        null => fallback,
        "on" => true,
        "off" => false,
        var other => throw new UsageException($"{option} must be on or off, not '{other}'."),
    };
}

internal sealed class UsageException(string message) : Exception(message);

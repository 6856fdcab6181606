using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kiaraoke.AlignApi.Input;

/// <summary>
/// A client-facing sentence for a <see cref="JsonException"/>: where the body is wrong and what was expected there,
/// without the .NET type names System.Text.Json puts in its own messages.
/// </summary>
internal static partial class JsonErrors
{
    public static string Describe(JsonException exception)
    {
        var where = Where(exception);
        var inner = exception.InnerException?.Message ?? string.Empty;
        if (inner.Contains("UTF-8", StringComparison.Ordinal) || inner.Contains("UTF-16", StringComparison.Ordinal) || inner.Contains("surrogate", StringComparison.Ordinal))
        {
            return $"The JSON body is malformed{where}: a string is not valid UTF-8 or holds an unpaired surrogate.";
        }

        var conversion = ConvertedTo().Match(exception.Message);
        if (conversion.Success)
        {
            return $"The JSON value{where} has the wrong type: expected {Expected(conversion.Groups["type"].Value, inner)}.";
        }

        // Syntax errors: the reader's own sentence names characters and positions, never types; keep its first part.
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = (cut > 0 ? message[..cut] : message).Trim();
        return TypeName().IsMatch(sentence) ? $"The JSON body is malformed{where}." : $"The JSON body is malformed{where}: {sentence}";
    }

    private static string Where(JsonException exception)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(exception.Path) && exception.Path != "$")
        {
            parts.Add(exception.Path);
        }

        if (exception.LineNumber is { } line && exception.BytePositionInLine is { } position)
        {
            parts.Add($"line {line + 1}, byte {position + 1}");
        }

        return parts.Count == 0 ? string.Empty : $" at {string.Join(", ", parts)}";
    }

    /// <summary>What the value should have been: from the target type, or for a member of a record from the reader's inner error.</summary>
    private static string Expected(string type, string inner) => Friendly(type) switch
    {
        "an object" when inner.Contains("Int32", StringComparison.Ordinal) || inner.Contains("Int64", StringComparison.Ordinal) => "an integer",
        "an object" when inner.Contains("as a number", StringComparison.Ordinal) => "a number",
        "an object" when inner.Contains("as a boolean", StringComparison.Ordinal) || inner.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        "an object" when inner.Contains("as a string", StringComparison.Ordinal) => "a string",
        var friendly => friendly,
    };

    private static string Friendly(string type)
    {
        var inner = Nullable().Match(type) is { Success: true } nullable ? nullable.Groups["inner"].Value : type;
        return inner switch
        {
            "System.Boolean" => "true or false",
            "System.Int32" or "System.Int64" or "System.Int16" => "an integer",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.String" => "a string",
            _ when inner.Contains("List`1", StringComparison.Ordinal) || inner.Contains("IReadOnlyList`1", StringComparison.Ordinal) || inner.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.? Path", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>[^\]]+)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex Nullable();

    [GeneratedRegex(@"\b(System|Kiaraoke|Microsoft)\.[A-Za-z]", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();
}

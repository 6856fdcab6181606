using System.Text.RegularExpressions;

namespace Kiaraoke.AlignApi.Input;

/// <summary>The <c>language</c> field of a request: an ISO 639-1 code, French when it is left out.</summary>
internal static partial class LanguageCode
{
    public static string Read(string? value) => string.IsNullOrWhiteSpace(value) ? "fr" : value.Trim();

    /// <summary>Why <paramref name="language"/> is refused, or null when it is a valid code.</summary>
    public static string? Problem(string language) =>
        Iso639().IsMatch(language) ? null : $"language '{language}' is not an ISO 639-1 code (two lower-case letters, e.g. fr).";

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex Iso639();
}

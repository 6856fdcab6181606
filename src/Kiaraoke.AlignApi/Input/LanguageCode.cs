namespace Kiaraoke.AlignApi.Input;

/// <summary>The <c>language</c> field of a request: an ISO 639-1 code, French when it is left out.</summary>
internal static class LanguageCode
{
    /// <summary>Every two-letter code ISO 639-1 assigns (183, "iw"/"in"/"ji"/"mo" long withdrawn).</summary>
    public static readonly IReadOnlySet<string> Accepted = new SortedSet<string>(StringComparer.Ordinal)
    {
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi", "bm", "bn", "bo", "br",
        "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et",
        "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht",
        "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
        "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg",
        "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny",
        "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se",
        "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
        "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo",
        "za", "zh", "zu",
    };

    public static string Read(string? value) => string.IsNullOrWhiteSpace(value) ? "fr" : value.Trim();

    /// <summary>Why <paramref name="language"/> is refused, or null when it is an assigned ISO 639-1 code.</summary>
    public static string? Problem(string language) =>
        Accepted.Contains(language)
            ? null
            : $"language '{Shown(language)}' is not an ISO 639-1 code (two lower-case letters); accepted: {string.Join(", ", Accepted)}.";

    private static string Shown(string value) => value.Length <= 16 ? value : value[..16] + "…";
}

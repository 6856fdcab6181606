using System.Globalization;

namespace Kiaraoke.AlignApi.Input;

/// <summary>
/// Text a request may carry: no control characters but tab and line breaks (U+0000 cannot even be stored in a
/// PostgreSQL JSONB column), no U+FFFD (what undecodable bytes became) and no unpaired surrogates.
/// </summary>
internal static class TextHygiene
{
    /// <summary>Longest artist or track name (the column is VARCHAR(255)).</summary>
    public const int MaxNameCharacters = 255;

    /// <summary>Why <paramref name="value"/> is refused as the text of <paramref name="field"/>, or null.</summary>
    public static string? Problem(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (field is "artist_name" or "track_name" && value.Trim().Length > MaxNameCharacters)
        {
            return $"{field} has {value.Trim().Length} characters; the limit is {MaxNameCharacters}.";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return $"{field} contains the control character U+{(int)c:X4} at position {i.ToString(CultureInfo.InvariantCulture)}; only printable text, tabs and line breaks are accepted.";
            }

            if (c == '\uFFFD')
            {
                return $"{field} contains U+FFFD (a replacement character) at position {i.ToString(CultureInfo.InvariantCulture)}: the text was not valid UTF-8. Send it as UTF-8.";
            }

            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])))
            {
                return $"{field} contains an unpaired surrogate (U+{(int)c:X4}) at position {i.ToString(CultureInfo.InvariantCulture)}; send valid Unicode text.";
            }

            if (char.IsHighSurrogate(c))
            {
                i++;
            }
        }

        return null;
    }
}

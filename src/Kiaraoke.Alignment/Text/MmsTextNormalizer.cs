using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AnyAscii;

namespace Kiaraoke.Alignment.Text;

/// <summary>
/// Turns one lyric word into the romanised character string an MMS-style CTC model is trained on:
/// NFKC, lower case, curly apostrophes between letters to <c>'</c>, digit-bearing brackets and digit-only words
/// removed, punctuation and symbols removed (the ASCII apostrophe stays, so French elisions stay inside their word),
/// Latin letters romanised as uroman does (é→e, ç→s, œ→oe, ß→ss ...), other scripts transliterated.
/// The result holds only <c>a–z</c> and <c>'</c>; it is empty when nothing in the word can be sung.
/// </summary>
public static partial class MmsTextNormalizer
{
    [GeneratedRegex(@"\([^)]*\d[^)]*\)")]
    private static partial Regex DigitBracket();

    // uroman's departures from "decompose and drop the accent" on Latin script.
    private static readonly Dictionary<char, string> LatinExceptions = new()
    {
        ['ä'] = "ae", ['å'] = "aa", ['æ'] = "ae", ['ö'] = "oe", ['ø'] = "oe", ['ü'] = "ue",
        ['ß'] = "ss", ['ẞ'] = "ss", ['ç'] = "s", ['ð'] = "th", ['þ'] = "th", ['đ'] = "d",
        ['ħ'] = "h", ['ı'] = "i", ['ł'] = "l", ['ŋ'] = "ng", ['œ'] = "oe", ['ş'] = "sh",
        ['ŧ'] = "t", ['ĸ'] = "kr",
    };

    private static readonly HashSet<char> CurlyApostrophes = ['\u2019', '\u2018', '\u201B', '\u02BC', '\u00B4', '\u0060'];

    public static string NormalizeWord(string word)
    {
        var text = word.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        text = DigitBracket().Replace(text, " ");
        if (IsDigitsOnly(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (CurlyApostrophes.Contains(c))
            {
                if (i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]))
                {
                    builder.Append('\'');
                }

                continue;
            }

            if (c == '\'')
            {
                builder.Append('\'');
                continue;
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    var pair = text.Substring(i, 2);
                    i++;
                    if (char.IsLetter(pair, 0))
                    {
                        AppendAscii(builder, pair.Transliterate());
                    }
                }

                continue; // Emoji and other astral symbols carry nothing to sing.
            }

            if (!char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                continue; // Punctuation, symbols, digits, separators.
            }

            Romanize(c, builder);
        }

        return TrimApostrophes(builder.ToString());
    }

    private static void Romanize(char c, StringBuilder builder)
    {
        if (c is >= 'a' and <= 'z')
        {
            builder.Append(c);
            return;
        }

        if (LatinExceptions.TryGetValue(c, out var mapped))
        {
            builder.Append(mapped);
            return;
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var stripped = new StringBuilder(decomposed.Length);
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                stripped.Append(d);
            }
        }

        var basic = stripped.ToString();
        if (basic.Length > 0 && basic.All(ch => ch is >= 'a' and <= 'z'))
        {
            builder.Append(basic);
            return;
        }

        if (basic.Length == 0)
        {
            return; // A lone combining mark.
        }

        AppendAscii(builder, basic.Transliterate());
    }

    private static void AppendAscii(StringBuilder builder, string ascii)
    {
        foreach (var ch in ascii.ToLowerInvariant())
        {
            if (ch is >= 'a' and <= 'z' or '\'')
            {
                builder.Append(ch);
            }
        }
    }

    // A word made of apostrophes alone ("'") has nothing to sing; edge apostrophes of real words stay (believin').
    private static string TrimApostrophes(string s) => s.All(c => c == '\'') ? string.Empty : s;

    private static bool IsDigitsOnly(string text)
    {
        var sawDigit = false;
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                sawDigit = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return sawDigit || text.Trim().Length == 0;
    }
}

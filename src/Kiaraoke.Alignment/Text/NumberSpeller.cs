using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiaraoke.Alignment.Text;

/// <summary>
/// Spells out a word written with digits the way it is sung, in French, Spanish or English, so the acoustic model has
/// letters to place: cardinals up to 999,999 (<c>99</c> → « quatre-vingt-dix-neuf »), and ordinals written with their
/// suffix (<c>1er</c>, <c>2e</c>, <c>3ème</c>; <c>1º</c>, <c>2a</c>; <c>1st</c>, <c>2nd</c>). English years from 1100 to
/// 1999 and 2010–2099 are read in pairs (<c>1999</c> → "nineteen ninety-nine"). Surrounding punctuation is kept
/// around the spelled form. The output only feeds the model: the word keeps its written form everywhere else.
/// </summary>
public static partial class NumberSpeller
{
    [GeneratedRegex(@"^(?<pre>\W*)(?<num>\d{1,3}(?:[  .,]\d{3})*|\d+)(?<suffix>er|re|ère|ere|e|ème|eme|ᵉ|º|ª|o|a|st|nd|rd|th)?(?<post>\W*)$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberWord();

    /// <summary>The sung form of <paramref name="word"/>, or null when it is not a number this class spells (or the language is unknown).</summary>
    public static string? SpellOut(string word, string? language)
    {
        var match = NumberWord().Match(word);
        if (!match.Success || language is null)
        {
            return null;
        }

        var digits = Regex.Replace(match.Groups["num"].Value, @"[^\d]", string.Empty);
        if (digits.Length > 6 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var suffix = match.Groups["suffix"].Value.ToLowerInvariant();
        var spelled = language.ToLowerInvariant() switch
        {
            "fr" => suffix.Length == 0 ? French.Cardinal(value) : French.Ordinal(value, suffix),
            "es" => suffix.Length == 0 ? Spanish.Cardinal(value) : Spanish.Ordinal(value, suffix),
            "en" => suffix.Length == 0 ? English.Cardinal(value, asYear: digits.Length == 4) : English.Ordinal(value, suffix),
            _ => null,
        };
        return spelled is null ? null : match.Groups["pre"].Value + spelled + match.Groups["post"].Value;
    }

    private static class French
    {
        private static readonly string[] Units =
        [
            "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
            "treize", "quatorze", "quinze", "seize",
        ];

        private static readonly string[] Tens = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"];

        public static string Cardinal(long n)
        {
            if (n < 17)
            {
                return Units[n];
            }

            if (n < 100)
            {
                return BelowHundred(n);
            }

            if (n < 1000)
            {
                var hundreds = n / 100;
                var rest = n % 100;
                var head = hundreds == 1 ? "cent" : Units[hundreds] + (rest == 0 ? " cents" : " cent");
                return rest == 0 ? head : head + " " + Cardinal(rest);
            }

            var thousands = n / 1000;
            var remainder = n % 1000;
            var thousandWord = thousands == 1 ? "mille" : Cardinal(thousands).Replace("cents", "cent", StringComparison.Ordinal) + " mille";
            return remainder == 0 ? thousandWord : thousandWord + " " + Cardinal(remainder);
        }

        private static string BelowHundred(long n)
        {
            if (n < 17)
            {
                return Units[n];
            }

            if (n < 20)
            {
                return "dix-" + Units[n - 10];
            }

            var ten = n / 10;
            var unit = n % 10;
            if (ten is 7 or 9)
            {
                var baseWord = ten == 7 ? "soixante" : "quatre-vingt";
                var tail = BelowHundred(10 + unit);
                return ten == 7 && unit == 1 ? "soixante et onze" : baseWord + "-" + tail;
            }

            if (ten == 8)
            {
                return unit == 0 ? "quatre-vingts" : "quatre-vingt-" + Units[unit];
            }

            return unit switch
            {
                0 => Tens[ten],
                1 => Tens[ten] + " et un",
                _ => Tens[ten] + "-" + Units[unit],
            };
        }

        public static string Ordinal(long n, string suffix)
        {
            if (n == 1)
            {
                return suffix is "re" or "ère" or "ere" ? "première" : "premier";
            }

            var cardinal = Cardinal(n);
            if (cardinal.EndsWith("cinq", StringComparison.Ordinal))
            {
                return cardinal + "uième";
            }

            if (cardinal.EndsWith("neuf", StringComparison.Ordinal))
            {
                return cardinal[..^1] + "vième";
            }

            if (cardinal.EndsWith('e'))
            {
                cardinal = cardinal[..^1];
            }

            if (cardinal.EndsWith("vingts", StringComparison.Ordinal) || cardinal.EndsWith("cents", StringComparison.Ordinal))
            {
                cardinal = cardinal[..^1];
            }

            return cardinal + "ième";
        }
    }

    private static class Spanish
    {
        private static readonly string[] Units =
        [
            "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce",
            "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte", "veintiuno",
            "veintidós", "veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve",
        ];

        private static readonly string[] Tens = ["", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"];

        private static readonly string[] Hundreds =
        [
            "", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos",
            "ochocientos", "novecientos",
        ];

        private static readonly string[] Ordinals =
            ["", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno", "décimo"];

        public static string Cardinal(long n)
        {
            if (n < 30)
            {
                return Units[n];
            }

            if (n < 100)
            {
                return n % 10 == 0 ? Tens[n / 10] : Tens[n / 10] + " y " + Units[n % 10];
            }

            if (n < 1000)
            {
                return n == 100 ? "cien" : n % 100 == 0 ? Hundreds[n / 100] : Hundreds[n / 100] + " " + Cardinal(n % 100);
            }

            var thousands = n / 1000;
            var head = thousands == 1 ? "mil" : Cardinal(thousands).Replace("uno", "ún", StringComparison.Ordinal) + " mil";
            return n % 1000 == 0 ? head : head + " " + Cardinal(n % 1000);
        }

        public static string? Ordinal(long n, string suffix)
        {
            if (n is < 1 or > 10)
            {
                return null;
            }

            var word = Ordinals[n];
            return suffix is "a" or "ª" ? word[..^1] + "a" : word;
        }
    }

    private static class English
    {
        private static readonly string[] Units =
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        ];

        private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

        public static string Cardinal(long n, bool asYear = false)
        {
            if (asYear && ((n >= 1100 && n < 2000 && n % 100 != 0) || (n >= 2010 && n < 2100)))
            {
                var tail = n % 100;
                return Cardinal(n / 100) + " " + (tail < 10 ? "oh " + Units[tail] : Cardinal(tail));
            }

            if (n < 20)
            {
                return Units[n];
            }

            if (n < 100)
            {
                return n % 10 == 0 ? Tens[n / 10] : Tens[n / 10] + "-" + Units[n % 10];
            }

            if (n < 1000)
            {
                return Units[n / 100] + " hundred" + (n % 100 == 0 ? string.Empty : " and " + Cardinal(n % 100));
            }

            return Cardinal(n / 1000) + " thousand" + (n % 1000 == 0 ? string.Empty : " " + Cardinal(n % 1000));
        }

        public static string? Ordinal(long n, string suffix)
        {
            if (suffix is not ("st" or "nd" or "rd" or "th"))
            {
                return null;
            }

            var cardinal = Cardinal(n);
            var lastSpace = Math.Max(cardinal.LastIndexOf(' '), cardinal.LastIndexOf('-'));
            var head = cardinal[..(lastSpace + 1)];
            var last = cardinal[(lastSpace + 1)..];
            var ordinal = last switch
            {
                "one" => "first",
                "two" => "second",
                "three" => "third",
                "five" => "fifth",
                "eight" => "eighth",
                "nine" => "ninth",
                "twelve" => "twelfth",
                _ when last.EndsWith('y') => last[..^1] + "ieth",
                _ => last + "th",
            };
            return head + ordinal;
        }
    }
}

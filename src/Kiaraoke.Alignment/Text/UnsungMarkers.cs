using System.Text.RegularExpressions;

namespace Kiaraoke.Alignment.Text;

/// <summary>
/// Removes what people write in lyrics but nobody sings, one whole line at a time (before it is split into words, so a
/// marker spread over several words goes as one): section labels alone on a line (<c>[Refrain]</c>, <c>(Chorus)</c>,
/// <c>Couplet 2 :</c>), a label before the sung text (<c>Chorus: la la</c>, <c>[Verse 1] text</c>), and repeat marks
/// (<c>(bis)</c>, <c>x2</c>, <c>2x</c>, <c>×3</c>, <c>(x2 fois)</c>, <c>[x2]</c>). Text in parentheses that is not a
/// label or a repeat mark (backing vocals: <c>(oh oh)</c>) is sung and stays.
/// </summary>
public static partial class UnsungMarkers
{
    private const string Labels =
        @"refrain|chorus|pre-?chorus|post-?chorus|couplet|verse|bridge|pont|intro|outro|hook|coro|estribillo|pre-?coro|" +
        @"estrofa|verso|puente|instrumental|solo|interlude|break|final|fin|repeat|repeat chorus|spoken|parl[ée]";

    // A whole line in square brackets, or a known label in any brackets, with an optional number and colon.
    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]|[({]\s*(?:" + Labels + @")(?:\s*\d+)?\s*[:.]?\s*[)}])\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex LabelLine();

    // A known label with an optional number, ending with a colon, alone on its line or before the sung text.
    [GeneratedRegex(@"^\s*(?:" + Labels + @")(?:\s*\d+)?\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LabelPrefix();

    // A bracketed label at the start of a line that goes on with text: "[Refrain] la la".
    [GeneratedRegex(@"^\s*\[[^\]]*\]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex BracketPrefix();

    // (bis), (ter), (x2), (2x), (x2 fois), (2 fois), (3 veces), (repeat x2), [x2], {x2}.
    [GeneratedRegex(@"[(\[{]\s*(?:bis|ter|(?:repeat\s*)?[x×]?\s*\d+\s*[x×]?(?:\s*(?:fois|veces|times))?)\s*[)\]}]", RegexOptions.IgnoreCase)]
    private static partial Regex BracketedRepeat();

    // Free-standing x2, ×3, 2x, 2×.
    [GeneratedRegex(@"(?<!\S)(?:[x×]\d+|\d+[x×])(?!\S)", RegexOptions.IgnoreCase)]
    private static partial Regex BareRepeat();

    /// <summary>The line without its unsung markers (white space where they were); empty when nothing sung is left.</summary>
    public static string Strip(string line)
    {
        if (LabelLine().IsMatch(line))
        {
            return string.Empty;
        }

        var text = LabelPrefix().Replace(line, string.Empty, 1);
        text = BracketPrefix().Replace(text, string.Empty, 1);
        text = BracketedRepeat().Replace(text, " ");
        text = BareRepeat().Replace(text, " ");
        return text.Trim();
    }
}

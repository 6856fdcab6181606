using System.Collections.Frozen;
using System.Text;

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// The tokens Whisper invents over music or silence (the spec's HALLUCINATION_WORDS), defined once for every path:
/// <c>... .. . ♪ ♫ [Musique] [Music] [Applause] (musique) (Musique) *</c> and the empty word. The comparison ignores
/// case, white space and Unicode compatibility forms ("…" is "...", "[ MUSIC ]" is "[Music]"); a token made only of
/// dots, asterisks and note signs ("♪♪", ". . .") counts too, since it holds nothing that could be sung.
/// </summary>
public static class HallucinationFilter
{
    /// <summary>The spec's list, as written there.</summary>
    public static readonly IReadOnlyList<string> Words =
        ["...", "..", ".", "♪", "♫", "[Musique]", "[Music]", "[Applause]", "(musique)", "(Musique)", "*", ""];

    private static readonly FrozenSet<string> Keys = Words.Select(Key).ToFrozenSet(StringComparer.Ordinal);

    public static bool IsHallucination(string? word)
    {
        if (word is null)
        {
            return true;
        }

        var key = Key(word);
        return Keys.Contains(key) || key.All(IsFiller);
    }

    // The ellipsis is listed itself: NFKC would make it "...", but a host in invariant-globalization mode does not normalise.
    private static bool IsFiller(char c) => c is '.' or '\u2026' or '*' or '♪' or '♫' or '♩' or '♬';

    private static string Key(string word)
    {
        var text = word.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c is not '\u200B' and not '\uFEFF')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}

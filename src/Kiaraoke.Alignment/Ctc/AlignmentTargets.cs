using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// The token sequence the Viterbi pass must place, with, for each token, the lyric word it belongs to
/// (−1 for a <c>&lt;star&gt;</c> wildcard). Built once; the same filtered list serves targets and word spans.
/// </summary>
public sealed class AlignmentTargets
{
    private AlignmentTargets(int[] tokens, int[] wordOfToken, string[] romanized, Range[] lineTokens)
    {
        Tokens = tokens;
        WordOfToken = wordOfToken;
        RomanizedWords = romanized;
        LineTokens = lineTokens;
    }

    public int[] Tokens { get; }

    /// <summary>Index (in <see cref="Lyrics.AllWords"/> order) of the word each token spells, or −1 for a star.</summary>
    public int[] WordOfToken { get; }

    /// <summary>Each word as the model sees it (only characters present in the vocabulary); empty when unalignable.</summary>
    public string[] RomanizedWords { get; }

    /// <summary>For each lyric line, the contiguous range of its character tokens (empty when nothing on it is singable).</summary>
    public Range[] LineTokens { get; }

    public int CharacterCount => WordOfToken.Count(w => w >= 0);

    /// <param name="language">ISO 639-1 code of the lyrics: numbers are spelled out in it (see <see cref="NumberSpeller"/>); null leaves them unsung.</param>
    public static AlignmentTargets Build(IReadOnlyList<LyricLine> lines, CtcVocabulary vocabulary, StarPlacement stars, string? language = null)
    {
        var tokens = new List<int>();
        var owners = new List<int>();
        var romanized = new List<string>();
        var lineTokens = new Range[lines.Count];
        var wordIndex = 0;

        void AddStar()
        {
            if (tokens.Count == 0 || tokens[^1] != vocabulary.StarId)
            {
                tokens.Add(vocabulary.StarId);
                owners.Add(-1);
            }
        }

        if (stars != StarPlacement.None)
        {
            AddStar();
        }

        for (var l = 0; l < lines.Count; l++)
        {
            if (l > 0 && stars == StarPlacement.EdgesAndLineBreaks)
            {
                AddStar();
            }

            var lineStart = tokens.Count;
            foreach (var word in lines[l].Words)
            {
                var kept = new System.Text.StringBuilder();
                foreach (var c in MmsTextNormalizer.NormalizeWord(NumberSpeller.SpellOut(word.Text, language) ?? word.Text))
                {
                    if (vocabulary.TryGetCharacterId(c, out var id))
                    {
                        tokens.Add(id);
                        owners.Add(wordIndex);
                        kept.Append(c);
                    }
                }

                romanized.Add(kept.ToString());
                wordIndex++;
            }

            lineTokens[l] = lineStart..tokens.Count;
        }

        if (stars != StarPlacement.None)
        {
            AddStar();
        }

        return new AlignmentTargets([.. tokens], [.. owners], [.. romanized], lineTokens);
    }
}

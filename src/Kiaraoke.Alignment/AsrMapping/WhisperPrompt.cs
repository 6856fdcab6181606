using System.Text;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// Known lyrics as a Whisper prompt (<c>initial_prompt</c> / <c>prompt</c>): white space collapsed to single spaces
/// and cut to at most <c>maxChars</c> UTF-16 units, at the last word boundary when there is one, never inside a
/// surrogate pair. Whisper reads about 224 tokens of prompt; Kiaraoke sends 500 characters.
/// </summary>
public static class WhisperPrompt
{
    public const int DefaultMaxChars = 500;

    public static string? FromLyrics(string? lyrics, int maxChars = DefaultMaxChars)
    {
        if (string.IsNullOrWhiteSpace(lyrics) || maxChars <= 0)
        {
            return null;
        }

        var collapsed = new StringBuilder(Math.Min(lyrics.Length, maxChars * 2));
        foreach (var word in WordSplitter.Split(lyrics))
        {
            if (collapsed.Length > 0)
            {
                collapsed.Append(' ');
            }

            collapsed.Append(word);
            if (collapsed.Length > maxChars)
            {
                break;
            }
        }

        var text = collapsed.ToString();
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', maxChars);
        if (cut <= 0)
        {
            cut = char.IsLowSurrogate(text[maxChars]) ? maxChars - 1 : maxChars;
        }

        return text[..cut];
    }
}

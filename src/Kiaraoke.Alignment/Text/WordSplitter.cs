namespace Kiaraoke.Alignment.Text;

/// <summary>Splits a lyric line into words on any Unicode white space, keeping each word's spelling and punctuation.</summary>
public static class WordSplitter
{
    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= line.Length; i++)
        {
            var boundary = i == line.Length || char.IsWhiteSpace(line[i]) || IsInvisibleSeparator(line[i]);
            if (boundary)
            {
                if (start >= 0)
                {
                    words.Add(line[start..i]);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return words;
    }

    // Zero-width space and BOM act as separators when they stand alone; they are never words.
    private static bool IsInvisibleSeparator(char c) => c is '\u200B' or '\uFEFF';
}

namespace Kiaraoke.Cli.Bench;

/// <summary>An annotated word: its text and reference times in seconds.</summary>
internal sealed record ReferenceWord(string Text, double Start, double End);

/// <summary>An annotated line: reference times in seconds and its text.</summary>
internal sealed record ReferenceLine(double Start, double End, string Text);

/// <summary>One song of a golden set: audio, the lyrics as written, and hand-made word and line timings.</summary>
internal sealed record GoldenSong(
    string Id,
    string AudioPath,
    string LyricsText,
    string Language,
    IReadOnlyList<ReferenceWord> Words,
    IReadOnlyList<ReferenceLine> Lines);

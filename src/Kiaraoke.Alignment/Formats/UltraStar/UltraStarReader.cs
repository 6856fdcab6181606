using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kiaraoke.Alignment.Formats.UltraStar;

/// <summary>
/// Reads UltraStar note files (<c>song.txt</c>): headers, note lines (<c>:</c> <c>*</c> <c>F</c> <c>R</c> <c>G</c>),
/// phrase breaks (<c>- beat [beat2]</c>) and <c>E</c>. Beats are quarter-beats: a beat starts at
/// GAP + beat × 60 000 / (BPM × 4) ms. <c>#BPM</c> and <c>#GAP</c> accept a decimal comma; with <c>#RELATIVE:yes</c>
/// note beats count from the last phrase break's second number (or its first when it has one).
/// Words are rebuilt from syllables: a leading or trailing space marks a word boundary, <c>~</c> continues the
/// previous syllable on a new pitch (melisma) and is not part of the text.
/// </summary>
public static partial class UltraStarReader
{
    [GeneratedRegex(@"^([:*FRG])[ \t]+(-?\d+)[ \t]+(-?\d+)[ \t]+(-?\d+)(?:[ \t](.*))?$")]
    private static partial Regex NoteLine();

    [GeneratedRegex(@"^-[ \t]*(-?\d+)(?:[ \t]+(-?\d+))?[ \t]*$")]
    private static partial Regex BreakLine();

    [GeneratedRegex(@"^P[ \t]*(\d)[ \t]*$")]
    private static partial Regex SingerLine();

    /// <summary>Reads a note file. Its text is UTF-8 (with or without BOM); a file that is not valid UTF-8 is read as Latin-1, the older players' default.</summary>
    public static UltraStarSong Read(string songTxtPath)
    {
        var bytes = File.ReadAllBytes(songTxtPath);
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(bytes);
        }

        return Parse(text);
    }

    public static UltraStarSong Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rawNotes = new List<RawNote>();
        var breakAfterNote = new List<int>();
        var relative = false;
        var relativeOffsetBeats = 0;
        var singer = 1;
        var lineNumber = 0;
        var seenBody = false;

        foreach (var rawLine in text.TrimStart('\uFEFF').Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!seenBody && line.StartsWith('#'))
            {
                var colon = line.IndexOf(':');
                if (colon < 0)
                {
                    throw new UltraStarFormatException($"line {lineNumber}: header '{line}' has no ':'");
                }

                var key = line[1..colon].Trim().ToUpperInvariant();
                headers[key] = line[(colon + 1)..].Trim();
                if (key == "RELATIVE")
                {
                    relative = headers[key].Equals("yes", StringComparison.OrdinalIgnoreCase);
                }

                continue;
            }

            seenBody = true;
            var trimmed = line.TrimStart();
            if (trimmed == "E" || trimmed.StartsWith("E ", StringComparison.Ordinal))
            {
                break;
            }

            var singerMatch = SingerLine().Match(trimmed);
            if (singerMatch.Success)
            {
                singer = trimmed[^1] - '0';
                continue;
            }

            var breakMatch = BreakLine().Match(trimmed);
            if (breakMatch.Success)
            {
                if (singer is 1 or 3 && rawNotes.Count > 0 && (breakAfterNote.Count == 0 || breakAfterNote[^1] != rawNotes.Count))
                {
                    breakAfterNote.Add(rawNotes.Count);
                }

                if (relative)
                {
                    var shift = breakMatch.Groups[2].Success ? breakMatch.Groups[2].Value : breakMatch.Groups[1].Value;
                    relativeOffsetBeats += ParseInt(shift, lineNumber);
                }

                continue;
            }

            var note = NoteLine().Match(trimmed);
            if (!note.Success)
            {
                throw new UltraStarFormatException($"line {lineNumber}: '{Shorten(trimmed)}' is neither a note (': start length pitch text'), a phrase break ('- beat') nor 'E'");
            }

            var length = ParseInt(note.Groups[3].Value, lineNumber);
            if (length < 0)
            {
                throw new UltraStarFormatException($"line {lineNumber}: note length {length} is negative");
            }

            if (singer is 1 or 3)
            {
                rawNotes.Add(new RawNote(
                    KindOf(note.Groups[1].Value[0]),
                    relativeOffsetBeats + ParseInt(note.Groups[2].Value, lineNumber),
                    length,
                    ParseInt(note.Groups[4].Value, lineNumber),
                    note.Groups[5].Success ? note.Groups[5].Value : "",
                    lineNumber));
            }
        }

        var bpm = RequiredNumber(headers, "BPM");
        if (!(bpm > 0))
        {
            throw new UltraStarFormatException($"#BPM must be a positive number, not '{headers["BPM"]}'");
        }

        var gapMs = headers.ContainsKey("GAP") ? RequiredNumber(headers, "GAP") : 0.0;
        if (rawNotes.Count == 0)
        {
            throw new UltraStarFormatException("the file has no notes");
        }

        var msPerBeat = 60_000.0 / (bpm * 4);
        var notes = rawNotes
            .Select(raw => new UltraStarNote(raw.Kind, raw.StartBeat, raw.LengthBeats, raw.Pitch, raw.Syllable,
                gapMs + raw.StartBeat * msPerBeat, gapMs + (raw.StartBeat + raw.LengthBeats) * msPerBeat, raw.SourceLine))
            .ToList();

        var lines = new List<UltraStarLine>();
        var lineStart = 0;
        foreach (var end in breakAfterNote.Append(notes.Count))
        {
            if (end > lineStart)
            {
                var words = BuildWords(notes, lineStart, end);
                if (words.Count > 0)
                {
                    lines.Add(new UltraStarLine(words));
                }
            }

            lineStart = Math.Max(lineStart, end);
        }

        if (lines.Count == 0)
        {
            throw new UltraStarFormatException("the notes carry no lyric text");
        }

        return new UltraStarSong(
            headers.GetValueOrDefault("TITLE", ""),
            headers.GetValueOrDefault("ARTIST", ""),
            headers.GetValueOrDefault("LANGUAGE"),
            headers.GetValueOrDefault("MP3") ?? headers.GetValueOrDefault("AUDIO"),
            bpm,
            gapMs,
            relative,
            headers,
            notes,
            lines);
    }

    private static List<UltraStarWord> BuildWords(List<UltraStarNote> notes, int from, int to)
    {
        var words = new List<UltraStarWord>();
        var text = new StringBuilder();
        var wordNotes = new List<UltraStarNote>();
        var boundaryPending = true;

        void Flush()
        {
            var word = text.ToString().Trim();
            if (word.Length > 0)
            {
                words.Add(new UltraStarWord(word, wordNotes[0].StartMs, wordNotes[^1].EndMs, wordNotes.ToArray()));
            }
            else if (wordNotes.Count > 0 && words.Count > 0)
            {
                // Notes that carry no letters (a bare "~" after a boundary) still hold the previous word's sound.
                var previous = words[^1];
                words[^1] = previous with { EndMs = Math.Max(previous.EndMs, wordNotes[^1].EndMs), Notes = previous.Notes.Concat(wordNotes).ToArray() };
            }

            text.Clear();
            wordNotes.Clear();
        }

        for (var i = from; i < to; i++)
        {
            var note = notes[i];
            var syllable = note.Syllable;
            var isMelisma = syllable.TrimStart().StartsWith('~');
            var startsWord = !isMelisma && (boundaryPending || syllable.StartsWith(' ') || syllable.StartsWith('\t'));
            if (startsWord && wordNotes.Count > 0)
            {
                Flush();
            }

            var letters = isMelisma ? syllable.TrimStart()[1..] : syllable;
            text.Append(letters.Trim());
            wordNotes.Add(note);
            boundaryPending = syllable.EndsWith(' ') || syllable.EndsWith('\t');
        }

        Flush();
        return words;
    }

    private static UltraStarNoteKind KindOf(char letter) => letter switch
    {
        '*' => UltraStarNoteKind.Golden,
        'F' => UltraStarNoteKind.Freestyle,
        'R' => UltraStarNoteKind.Rap,
        'G' => UltraStarNoteKind.RapGolden,
        _ => UltraStarNoteKind.Normal,
    };

    private static double RequiredNumber(Dictionary<string, string> headers, string key)
    {
        if (!headers.TryGetValue(key, out var value))
        {
            throw new UltraStarFormatException($"the #{key} header is missing");
        }

        if (!double.TryParse(value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            throw new UltraStarFormatException($"#{key} must be a number (a decimal comma is allowed), not '{Shorten(value)}'");
        }

        return number;
    }

    private static int ParseInt(string value, int lineNumber) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UltraStarFormatException($"line {lineNumber}: '{value}' is not a whole number of beats");

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    private sealed record RawNote(UltraStarNoteKind Kind, int StartBeat, int LengthBeats, int Pitch, string Syllable, int SourceLine);
}

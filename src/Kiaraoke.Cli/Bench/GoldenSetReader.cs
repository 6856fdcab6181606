using System.Globalization;

namespace Kiaraoke.Cli.Bench;

/// <summary>
/// Reads a golden set in either layout: one folder per song (audio.*, lyrics.txt, words.csv, lines.csv, optional
/// words.txt; language from a metadata.csv beside the folders), as in ../shared/golden/jamendo and the synthetic set,
/// or the original JamendoLyrics layout (mp3/, lyrics/, annotations/words/, annotations/lines/, JamendoLyrics.csv),
/// or one folder per UltraStar song (song.txt and its audio, see <see cref="UltraStarSetReader"/>). A song list (one
/// folder name per line, <c>#</c> comments) keeps only those songs, in the set's order.
/// </summary>
internal static class GoldenSetReader
{
    private static readonly string[] AudioExtensions = [".mp3", ".wav", ".flac", ".ogg", ".m4a"];

    public static IReadOnlyList<GoldenSong> Read(string directory, string? songListPath = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"Golden set directory not found: '{directory}'.");
        }

        var wanted = songListPath is null ? null : ReadSongList(songListPath);
        var songs = Directory.Exists(Path.Combine(directory, "annotations"))
            ? ReadJamendoLayout(directory)
            : ReadFolderLayout(directory, wanted);
        if (wanted is not null)
        {
            var absent = wanted.Where(w => songs.All(s => s.Id != w)).ToList();
            if (absent.Count > 0)
            {
                throw new UsageException($"'{songListPath}' names songs not in '{directory}': {string.Join(", ", absent)}.");
            }

            songs = songs.Where(s => wanted.Contains(s.Id)).ToList();
        }

        return songs.Count == 0 ? throw new UsageException($"No annotated song found in '{directory}'.") : songs;
    }

    private static HashSet<string> ReadSongList(string path) =>
        File.Exists(path)
            ? File.ReadAllLines(path).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal)
            : throw new UsageException($"Song list not found: '{path}'.");

    private static List<GoldenSong> ReadFolderLayout(string directory, HashSet<string>? wanted)
    {
        var languages = ReadLanguages(Path.Combine(directory, "metadata.csv"));
        var songs = new List<GoldenSong>();
        foreach (var folder in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(folder);
            if (wanted is not null && !wanted.Contains(id))
            {
                continue;
            }

            if (!File.Exists(Path.Combine(folder, "words.csv")) && UltraStarSetReader.TryRead(folder, AudioExtensions) is { } ultraStar)
            {
                songs.Add(ultraStar);
                continue;
            }

            var audio = AudioExtensions.Select(e => Path.Combine(folder, "audio" + e)).FirstOrDefault(File.Exists);
            var wordsCsv = Path.Combine(folder, "words.csv");
            if (audio is null || !File.Exists(wordsCsv))
            {
                continue;
            }

            var lyrics = File.ReadAllText(Path.Combine(folder, "lyrics.txt"));
            var wordTexts = File.Exists(Path.Combine(folder, "words.txt"))
                ? File.ReadAllLines(Path.Combine(folder, "words.txt")).Select(l => l.Trim()).Where(l => l.Length > 0).ToList()
                : lyrics.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
            var language = languages.GetValueOrDefault(id) ?? ReadLanguageFile(folder);
            songs.Add(new GoldenSong(id, audio, lyrics, language, ReadWords(wordsCsv, wordTexts), ReadLines(Path.Combine(folder, "lines.csv"))));
        }

        return songs;
    }

    private static List<GoldenSong> ReadJamendoLayout(string directory)
    {
        var languages = ReadLanguages(Path.Combine(directory, "JamendoLyrics.csv"));
        var songs = new List<GoldenSong>();
        foreach (var mp3 in Directory.GetFiles(Path.Combine(directory, "mp3"), "*.mp3").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileNameWithoutExtension(mp3);
            var wordsCsv = Path.Combine(directory, "annotations", "words", id + ".csv");
            var lyricsPath = Path.Combine(directory, "lyrics", id + ".txt");
            if (!File.Exists(wordsCsv) || !File.Exists(lyricsPath))
            {
                continue;
            }

            var lyrics = File.ReadAllText(lyricsPath);
            var wordsTxt = Path.Combine(directory, "lyrics", id + ".words.txt");
            var wordTexts = File.Exists(wordsTxt)
                ? File.ReadAllLines(wordsTxt).Select(l => l.Trim()).Where(l => l.Length > 0).ToList()
                : lyrics.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
            songs.Add(new GoldenSong(id, mp3, lyrics, languages.GetValueOrDefault(id) ?? "unknown", ReadWords(wordsCsv, wordTexts), ReadLines(Path.Combine(directory, "annotations", "lines", id + ".csv"))));
        }

        return songs;
    }

    internal static IReadOnlyList<ReferenceWord> ReadWords(string csv, IReadOnlyList<string> texts)
    {
        var rows = File.ReadAllLines(csv).Skip(1).Where(l => l.Trim().Length > 0).ToList();
        if (rows.Count != texts.Count)
        {
            throw new UsageException($"'{csv}' has {rows.Count} timed words but the lyrics have {texts.Count} words.");
        }

        return rows.Select((row, i) =>
        {
            var cells = row.Split(',');
            return new ReferenceWord(texts[i], Number(cells[0], csv), Number(cells[1], csv));
        }).ToList();
    }

    internal static IReadOnlyList<ReferenceLine> ReadLines(string csv)
    {
        if (!File.Exists(csv))
        {
            return [];
        }

        return File.ReadAllLines(csv).Skip(1).Where(l => l.Trim().Length > 0).Select(row =>
        {
            var cells = row.Split(',', 3);
            return new ReferenceLine(Number(cells[0], csv), Number(cells[1], csv), cells.Length > 2 ? cells[2].Trim().Trim('"') : string.Empty);
        }).ToList();
    }

    private static double Number(string text, string file) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"'{file}': '{text}' is not a number of seconds.");

    /// <summary>Song id → ISO 639-1 code, from a CSV with Filepath and Language columns (JamendoLyrics style).</summary>
    private static Dictionary<string, string> ReadLanguages(string csv)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(csv))
        {
            return result;
        }

        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var pathColumn = Array.FindIndex(header, h => h.Trim().Equals("Filepath", StringComparison.OrdinalIgnoreCase));
        var languageColumn = Array.FindIndex(header, h => h.Trim().Equals("Language", StringComparison.OrdinalIgnoreCase));
        if (pathColumn < 0 || languageColumn < 0)
        {
            return result;
        }

        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (cells.Length > Math.Max(pathColumn, languageColumn))
            {
                result[Path.GetFileNameWithoutExtension(cells[pathColumn].Trim())] = ToIso(cells[languageColumn].Trim());
            }
        }

        return result;
    }

    private static string ReadLanguageFile(string folder)
    {
        var file = Path.Combine(folder, "language.txt");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : "unknown";
    }

    internal static string ToIso(string language) => language.ToLowerInvariant() switch
    {
        "french" => "fr",
        "spanish" => "es",
        "english" => "en",
        "german" => "de",
        "italian" => "it",
        "portuguese" => "pt",
        var other => other,
    };
}

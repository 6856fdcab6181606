using Kiaraoke.Cli.Bench;

namespace Kiaraoke.Cli.Tests;

public sealed class GoldenSetReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiaraoke-golden-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Reads_the_original_jamendolyrics_layout()
    {
        // Rebuild one golden song in the dataset's own layout: mp3/, lyrics/, annotations/{words,lines}/, JamendoLyrics.csv.
        var source = Path.Combine(RepoPaths.GoldenJamendo, "de_bonne_humeur_-_Le_Nez_Tordu");
        const string id = "de_bonne_humeur_-_Le_Nez_Tordu";
        foreach (var sub in new[] { "mp3", "lyrics", "annotations/words", "annotations/lines" })
        {
            Directory.CreateDirectory(Path.Combine(_dir, sub));
        }

        File.Copy(Path.Combine(source, "audio.mp3"), Path.Combine(_dir, "mp3", id + ".mp3"));
        File.Copy(Path.Combine(source, "lyrics.txt"), Path.Combine(_dir, "lyrics", id + ".txt"));
        File.Copy(Path.Combine(source, "words.txt"), Path.Combine(_dir, "lyrics", id + ".words.txt"));
        File.Copy(Path.Combine(source, "words.csv"), Path.Combine(_dir, "annotations", "words", id + ".csv"));
        File.Copy(Path.Combine(source, "lines.csv"), Path.Combine(_dir, "annotations", "lines", id + ".csv"));
        File.WriteAllText(Path.Combine(_dir, "JamendoLyrics.csv"), "Filepath,Artist,Title,Language\n" + id + ".mp3,LE NEZ TORDU,de bonne humeur,French\n");

        var song = Assert.Single(GoldenSetReader.Read(_dir));

        var folderLayout = GoldenSetReader.Read(RepoPaths.GoldenJamendo).Single(s => s.Id == id);
        Assert.Equal(id, song.Id);
        Assert.Equal("fr", song.Language);
        Assert.Equal(folderLayout.Words, song.Words);
        Assert.Equal(folderLayout.Lines, song.Lines);
        Assert.Equal(266, song.Words.Count);
    }

    [Fact]
    public void Reads_the_synthetic_set_written_by_the_generator()
    {
        var sample = Path.Combine(RepoPaths.Root, "tools", "synth-singing", "sample");
        var song = Assert.Single(GoldenSetReader.Read(sample));
        Assert.Equal("fr", song.Language);
        Assert.True(song.Words.Count > 5);
        Assert.All(song.Words, w => Assert.True(w.End > w.Start));
        Assert.Equal(song.LyricsText.Split('\n').Count(l => l.Trim().Length > 0), song.Lines.Count);
    }

    [Fact]
    public void Missing_directory_and_mismatched_annotations_are_named()
    {
        Assert.Contains("not found", Assert.Throws<UsageException>(() => GoldenSetReader.Read(Path.Combine(_dir, "nope"))).Message);

        var song = Path.Combine(_dir, "song");
        Directory.CreateDirectory(song);
        File.WriteAllBytes(Path.Combine(song, "audio.wav"), [1]);
        File.WriteAllText(Path.Combine(song, "lyrics.txt"), "un deux trois");
        File.WriteAllText(Path.Combine(song, "words.csv"), "word_start,word_end,line_end\n1.0,1.5,nan\n");
        var error = Assert.Throws<UsageException>(() => GoldenSetReader.Read(_dir));
        Assert.Contains("1 timed words but the lyrics have 3", error.Message);
    }
}

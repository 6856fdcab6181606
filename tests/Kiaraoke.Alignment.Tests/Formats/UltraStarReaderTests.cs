using Kiaraoke.Alignment.Formats.UltraStar;
using Kiaraoke.Alignment.Tests.Support;

namespace Kiaraoke.Alignment.Tests.Formats;

public sealed class UltraStarReaderTests
{
    private static string UltraStarRoot => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "ultrastar"));

    private static UltraStarSong ReadShared(string folder, string file = "song.txt") =>
        UltraStarReader.Read(Path.Combine(UltraStarRoot, folder, file));

    // Notes, phrases and first-start / last-end seconds as ../shared/data/README.md lists them (measured there independently).
    [Theory]
    [InlineData("Jonathan Coulton - A Talk with George", 376, 60, 0.04, 162.51)]
    [InlineData("Jonathan Coulton - Better", 408, 67, 8.26, 182.96)]
    [InlineData("Jonathan Coulton - Big Bad World One", 340, 52, 7.25, 164.95)]
    [InlineData("Jonathan Coulton - Chiron Beta Prime", 385, 55, 14.39, 168.52)]
    [InlineData("Jonathan Coulton - Flickr", 276, 39, 12.65, 146.92)]
    [InlineData("Jonathan Coulton - Furry Old Lobster", 255, 37, 10.66, 110.51)]
    [InlineData("Jonathan Coulton - I Feel Fantastic", 669, 80, 4.96, 182.64)]
    [InlineData("Jonathan Coulton - Monkey Shines", 101, 14, 0.81, 47.08)]
    [InlineData("Jonathan Coulton - Mr. Fancy Pants", 256, 41, 4.16, 73.52)]
    [InlineData("Jonathan Coulton - Not About You", 320, 39, 4.49, 121.59)]
    [InlineData("Jonathan Coulton - That Spells DNA", 500, 67, 7.51, 181.94)]
    [InlineData("Pornophonique - Space Invaders", 394, 63, 2.77, 204.57)]
    public void Reads_every_shared_song_with_the_listed_notes_phrases_and_span(string folder, int notes, int phrases, double firstStartS, double lastEndS)
    {
        var song = ReadShared(folder);

        Assert.Equal(notes, song.Notes.Count);
        Assert.Equal(phrases, song.Lines.Count);
        // The README writes seconds to two decimals, truncated or rounded: within 6 ms.
        Assert.InRange(song.Notes[0].StartMs / 1000 - firstStartS, -0.006, 0.006);
        Assert.InRange(song.Notes.Max(note => note.EndMs) / 1000 - lastEndS, -0.006, 0.006);
        Assert.Equal("audio.mp3", song.AudioFileName);
        Assert.Equal("English", song.Language);
        Assert.All(song.Words, word =>
        {
            Assert.DoesNotContain('~', word.Text);
            Assert.DoesNotContain(' ', word.Text);
            Assert.True(word.EndMs > word.StartMs, $"{word.Text} ends at or before its start");
        });
        Assert.All(song.Lines.Zip(song.Lines.Skip(1)), pair => Assert.True(pair.Second.StartMs >= pair.First.StartMs));
    }

    [Fact]
    public void Decimal_comma_bpm_gives_the_beat_length()
    {
        var song = ReadShared("Jonathan Coulton - Better");

        Assert.Equal(266.6, song.Bpm, 6);
        Assert.Equal(8260, song.GapMs);
        // ": 16 11 5  go?" starts at GAP + 16 quarter-beats.
        var go = song.Lines[0].Words[^1];
        Assert.Equal("go?", go.Text);
        Assert.Equal(8260 + 16 * 60_000 / (266.6 * 4), go.StartMs, 6);
        Assert.Equal(8260 + 27 * 60_000 / (266.6 * 4), go.EndMs, 6);
    }

    [Fact]
    public void Syllables_join_into_words_and_melismas_extend_them()
    {
        var song = ReadShared("Jonathan Coulton - Better");

        // ": 78 2 9  mo" ": 81 3 11 ~" ": 85 2 12 ment" is one word "moment" from beat 78 to 87;
        // ": 107 2 5  i" ": 110 2 4 ~n" is "in".
        Assert.Equal("When was the moment", song.Lines[1].Text);
        var moment = song.Lines[1].Words[3];
        Assert.Equal(3, moment.Notes.Count);
        Assert.Equal(78, moment.Notes[0].StartBeat);
        Assert.Equal(87, moment.Notes[^1].StartBeat + moment.Notes[^1].LengthBeats);
        Assert.Equal("That we broke in two?", song.Lines[2].Text);
    }

    [Fact]
    public void A_melisma_with_punctuation_keeps_the_punctuation_on_its_word()
    {
        var song = ReadShared("Pornophonique - Space Invaders");

        Assert.Contains(song.Words, word => word.Text.EndsWith(',') && word.Notes.Any(note => note.Syllable.TrimStart().StartsWith('~')));
        Assert.DoesNotContain(song.Words, word => word.Text == ",");
    }

    [Fact]
    public void The_instrumental_note_file_reads_like_the_song_and_names_its_own_audio()
    {
        var song = ReadShared("Pornophonique - Space Invaders");
        var karaoke = ReadShared("Pornophonique - Space Invaders", "instrumental.txt");

        Assert.Equal("instrumental.mp3", karaoke.AudioFileName);
        Assert.Equal(song.Words.Select(word => word.StartMs), karaoke.Words.Select(word => word.StartMs));
    }

    [Fact]
    public void Freestyle_and_golden_notes_are_words_like_the_others()
    {
        var song = ReadShared("Jonathan Coulton - Mr. Fancy Pants");

        Assert.Equal(12, song.Notes.Count(note => note.Kind == UltraStarNoteKind.Freestyle));
        Assert.Equal(8, song.Notes.Count(note => note.Kind == UltraStarNoteKind.Golden));
        Assert.All(song.Notes.Where(note => note.Kind == UltraStarNoteKind.Freestyle),
            note => Assert.Contains(song.Words, word => word.Notes.Contains(note)));
    }

    [Fact]
    public void Relative_beats_count_from_each_phrase_break()
    {
        const string text = "#TITLE:T\n#ARTIST:A\n#BPM:300\n#GAP:1000\n#RELATIVE:yes\n" +
                            ": 0 4 0 One\n: 4 4 0  two\n- 10 12\n: 0 4 0 Three\n: 4 2 0  four\n- 8\n: 2 4 0 Five\nE\n";

        var song = UltraStarReader.Parse(text);

        var msPerBeat = 60_000.0 / 1200;
        Assert.True(song.IsRelative);
        Assert.Equal(["One two", "Three four", "Five"], song.Lines.Select(line => line.Text));
        Assert.Equal(1000 + 12 * msPerBeat, song.Lines[1].StartMs, 6);
        Assert.Equal(1000 + (12 + 8 + 2) * msPerBeat, song.Lines[2].StartMs, 6);
    }

    [Fact]
    public void Trailing_spaces_also_mark_word_ends_and_both_break_forms_are_read()
    {
        const string text = "#BPM:200\n#GAP:0\n: 0 2 0 Hel\n: 2 2 0 lo \n: 4 2 0 world\n- 8 10\n: 10 2 0 again\n- 14\nE";

        var song = UltraStarReader.Parse(text);

        Assert.Equal(["Hello world", "again"], song.Lines.Select(line => line.Text));
        Assert.Equal(0, song.GapMs);
    }

    [Fact]
    public void A_duet_keeps_the_first_singer()
    {
        const string text = "#BPM:200\n#GAP:0\nP1\n: 0 2 0 Mine\nP2\n: 0 2 0 Yours\nE\n";

        var song = UltraStarReader.Parse(text);

        Assert.Equal("Mine", Assert.Single(song.Words).Text);
    }

    [Theory]
    [InlineData("#GAP:0\n: 0 2 0 a\nE", "#BPM header is missing")]
    [InlineData("#BPM:fast\n: 0 2 0 a\nE", "#BPM must be a number")]
    [InlineData("#BPM:0\n: 0 2 0 a\nE", "#BPM must be a positive number")]
    [InlineData("#BPM:200\nE", "no notes")]
    [InlineData("#BPM:200\n: 0 x 0 a\nE", "line 2")]
    [InlineData("#BPM:200\n: 0 2 0 a\n: 2 -1 0 b\nE", "negative")]
    public void A_broken_file_names_the_problem(string text, string expected)
    {
        var error = Assert.Throws<UltraStarFormatException>(() => UltraStarReader.Parse(text));
        Assert.Contains(expected, error.Message);
    }
}

using Kiaraoke.Alignment.Formats;

namespace Kiaraoke.Alignment.Tests.Formats;

public sealed class KaraokeFormatsTests
{
    [Theory]
    [InlineData("lrc", KaraokeFormat.Lrc, ".lrc", "text/plain; charset=utf-8")]
    [InlineData("ASS", KaraokeFormat.Ass, ".ass", "text/x-ssa; charset=utf-8")]
    [InlineData("vtt", KaraokeFormat.WebVtt, ".vtt", "text/vtt; charset=utf-8")]
    [InlineData("webvtt", KaraokeFormat.WebVtt, ".vtt", "text/vtt; charset=utf-8")]
    [InlineData("ttml", KaraokeFormat.Ttml, ".ttml", "application/ttml+xml; charset=utf-8")]
    [InlineData("srt", KaraokeFormat.Srt, ".srt", "application/x-subrip; charset=utf-8")]
    [InlineData("ultrastar", KaraokeFormat.UltraStar, ".txt", "text/plain; charset=utf-8")]
    [InlineData("json", KaraokeFormat.Json, ".json", "application/json; charset=utf-8")]
    public void Names_extensions_and_media_types(string name, KaraokeFormat format, string extension, string contentType)
    {
        Assert.True(KaraokeFormats.TryParse(name, out var parsed));
        Assert.Equal(format, parsed);
        Assert.Equal(extension, format.Extension());
        Assert.Equal(contentType, format.ContentType());
        Assert.True(KaraokeFormats.TryParse(format.Name(), out var again));
        Assert.Equal(format, again);
    }

    [Fact]
    public void Unknown_names_are_refused()
    {
        Assert.False(KaraokeFormats.TryParse("midi", out _));
        Assert.False(KaraokeFormats.TryParse(null, out _));
    }

    [Fact]
    public void Every_listed_name_parses_and_every_text_format_exports()
    {
        foreach (var name in KaraokeFormats.Names)
        {
            Assert.True(KaraokeFormats.TryParse(name, out var format), name);
            if (format != KaraokeFormat.Json)
            {
                Assert.NotEmpty(KaraokeExporter.Write(format, Timelines.BonjourToi));
            }
        }
    }

    [Fact]
    public void Formats_without_word_times_cannot_come_back_as_corrections()
    {
        var error = Assert.Throws<KaraokeFormatException>(() => KaraokeImporter.Read(KaraokeFormat.Srt, SrtWriter.Write(Timelines.BonjourToi)));
        Assert.Contains("does not time every word", error.Message);
    }
}

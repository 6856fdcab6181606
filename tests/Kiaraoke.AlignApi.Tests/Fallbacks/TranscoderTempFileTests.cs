using Kiaraoke.AlignApi.Fallbacks;
using Kiaraoke.AlignApi.Input;
using Kiaraoke.AlignApi.Tests.Support;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

public sealed class TranscoderTempFileTests : IDisposable
{
    private readonly TestAudio audio = new(3.0);

    public void Dispose() => audio.Dispose();

    [Fact]
    public async Task The_service_transcodes_into_its_own_upload_folder_and_deletes_the_copy()
    {
        using var uploads = new TempFolder();
        await using var app = new AlignApiApplication { Settings = { ["KARAOKE_UPLOAD_DIR"] = uploads.Path } };
        var own = app.Get<UploadFolder>().Own;

        using (var flac = await app.Get<IAudioTranscoder>().ToSpeechFormatAsync(audio.Path, long.MaxValue, CancellationToken.None))
        {
            Assert.NotNull(flac);
            // A process killed now leaves the copy in its own folder, which the next start-up removes.
            Assert.Equal(own, Path.GetDirectoryName(flac.Path));
            Assert.True(File.Exists(flac.Path));
            Assert.Equal("audio/flac", flac.MediaType);
        }

        Assert.Empty(Directory.EnumerateFiles(own));
    }
}

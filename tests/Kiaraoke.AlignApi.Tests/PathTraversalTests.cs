using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Tests.Support;

namespace Kiaraoke.AlignApi.Tests;

/// <summary>vocalsPath resolves only inside the vocals root.</summary>
public sealed class PathTraversalTests : IDisposable
{
    private readonly TempFolder _root = new();
    private readonly TempFolder _outside = new();

    public PathTraversalTests()
    {
        Directory.CreateDirectory(_root.File("cache/yt1"));
        File.WriteAllBytes(_root.File("cache/yt1/vocals.wav"), ToneVocals.Silent(1_500));
        File.WriteAllBytes(_outside.File("secret.wav"), ToneVocals.Silent(1_500));
        File.CreateSymbolicLink(_root.File("cache/escape.wav"), _outside.File("secret.wav"));
        Directory.CreateSymbolicLink(_root.File("linkdir"), _outside.Path);
        Directory.CreateSymbolicLink(_root.File("innerlink"), _root.File("cache/yt1"));
    }

    private AlignApiApplication App() => new()
    {
        Engines = [new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc")],
        Settings = { ["KARAOKE_VOCALS_ROOT"] = _root.Path },
    };

    private static object Request(string path) => new { spotify_track_id = "p1", lyrics_text = "bonjour la mer salut tout le monde", vocalsPath = path };

    public static TheoryData<string, string> Attempts => new()
    {
        { "../x/secret.wav", "'..' segment" },
        { "cache/../../secret.wav", "'..' segment" },
        { "cache\\..\\..\\secret.wav", "'..' segment" },
        { "/etc/passwd", "outside the vocals root" },
        { "cache/escape.wav", "symbolic link that leaves the vocals root" },
        { "linkdir/secret.wav", "symbolic link that leaves the vocals root" },
        { "cache/yt1/missing.wav", "No file at vocalsPath" },
    };

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task Paths_leaving_the_root_are_400(string path, string expected)
    {
        await using var app = App();

        var response = await app.CreateClient(apiKey: null).PostAsync("/align", Json.Body(Request(path)));

        await response.ExpectProblemAsync(400, expected);
    }

    [Fact]
    public async Task Absolute_outside_path_using_the_outside_folder_is_refused()
    {
        await using var app = App();

        var response = await app.CreateClient(apiKey: null).PostAsync("/align", Json.Body(Request(_outside.File("secret.wav"))));

        await response.ExpectProblemAsync(400, "outside the vocals root");
    }

    [Theory]
    [InlineData("cache/yt1/vocals.wav")]
    [InlineData("innerlink/vocals.wav")]
    [InlineData("./cache/yt1/vocals.wav")]
    public async Task Paths_inside_the_root_are_accepted(string path)
    {
        await using var app = App();

        var response = await app.CreateClient(apiKey: null).PostAsync("/align", Json.Body(Request(path)));

        await response.ExpectAsync(200);
    }

    [Fact]
    public async Task Absolute_path_inside_the_root_is_accepted()
    {
        await using var app = App();

        var response = await app.CreateClient(apiKey: null).PostAsync("/align", Json.Body(Request(_root.File("cache/yt1/vocals.wav"))));

        await response.ExpectAsync(200);
    }

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }
}

using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kiaraoke.AlignApi.Tests.Reliability;

/// <summary>Over-long URLs through real Kestrel: a ProblemDetails that names the limit, not Kestrel's empty 414.</summary>
public sealed class RequestTargetLimitTests
{
    [Fact]
    public async Task A_too_long_url_gets_a_414_problem_naming_the_limit_and_one_within_it_is_answered_as_usual()
    {
        await using var app = new AlignApiApplication();
        app.UseKestrel(0);
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };

        // 20,000 characters: over Kestrel's default 8 KB request line, under the raised one.
        var tooLong = await client.GetAsync("/timestamps/" + new string('a', 20_000) + "?youtube_video_id=abc");
        var problem = await tooLong.ExpectProblemAsync(414, $"at most {RequestTargetLimit.MaxTargetBytes}");
        Assert.Contains("20", problem.Str("detail"));

        // Just under the limit: the endpoint answers (its own validation of the id).
        var withinLimit = "/timestamps/abc?youtube_video_id=" + new string('x', RequestTargetLimit.MaxTargetBytes - 100);
        await (await client.GetAsync(withinLimit)).ExpectProblemAsync(400, "youtube_video_id");

        // Kestrel itself refuses a NUL in the path before the application sees it: a bare 400, never a 5xx.
        Assert.Equal(400, (int)(await client.GetAsync("/timestamps/ab%00cd")).StatusCode);
    }
}

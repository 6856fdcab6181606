using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Tests.Support;
using Xunit.Abstractions;

namespace Kiaraoke.AlignApi.Tests.Reliability;

/// <summary>
/// Sends every case of <see cref="BadInputCorpus"/> to one instance and checks, case by case: the exact status, an
/// RFC 7807 body whose <c>detail</c> holds the expected words and no .NET type name, temp-file name or server path,
/// and an empty word_timestamps_cache table (nothing refused reaches the store). Never a 5xx. After the corpus: no
/// upload left in the upload folder and Tier 1 still enabled. Run on SQLite and on PostgreSQL + Redis (subclasses).
/// </summary>
public abstract partial class BadInputCorpusTests(ITestOutputHelper output)
{
    private protected abstract Task<StoreFixture> CreateStoreAsync();

    [Fact]
    public async Task Every_bad_input_is_a_precise_4xx_and_stores_nothing()
    {
        using var files = new CorpusFiles();
        using var store = await CreateStoreAsync();
        await using var app = store.App(new FakeEngine(AlignmentTier.Ctc, "kiaraoke_ctc"), settings: new Dictionary<string, string?>
        {
            ["KARAOKE_API_KEYS"] = AlignApiApplication.ApiKey,
            ["KARAOKE_VOCALS_ROOT"] = files.Root.Path,
            ["KARAOKE_UPLOAD_DIR"] = files.Uploads.Path,
            ["KARAOKE_MAX_AUDIO_SECONDS"] = CorpusFiles.MaxAudioSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KARAOKE_MAX_UPLOAD_BYTES"] = CorpusFiles.MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var clients = new Dictionary<string, HttpClient>();
        HttpClient Client(string? key) => clients.TryGetValue(key ?? string.Empty, out var c) ? c : clients[key ?? string.Empty] = app.CreateClient(key);

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        foreach (var bad in BadInputCorpus.Cases)
        {
            using var request = new HttpRequestMessage(bad.Method, bad.Path) { Content = bad.Body(files) };
            using var response = await Client(bad.ApiKey).SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var problem = await ProblemOf(response, bad, files, app.DataDirectory);
            if (problem is not null)
            {
                failures.Add($"{bad}: {problem}");
            }

            var rows = await store.ScalarAsync("SELECT COUNT(*) FROM word_timestamps_cache");
            if (rows != 0)
            {
                failures.Add($"{bad}: {rows} row(s) reached the store");
                await store.ExecuteAsync("DELETE FROM word_timestamps_cache");
            }
        }

        var leftovers = Directory.GetFiles(files.Uploads.Path, "*", SearchOption.AllDirectories);
        var tier1 = await (await Client(AlignApiApplication.ApiKey).GetAsync("/admin/tier1")).ExpectAsync(200);
        var clientErrors = statuses.Where(s => s.Key is >= 400 and < 500).Sum(s => s.Value);
        var serverErrors = statuses.Where(s => s.Key >= 500).Sum(s => s.Value);
        output.WriteLine($"{store.Provider}: {BadInputCorpus.Cases.Count} cases, {clientErrors} 4xx, {serverErrors} 5xx; by status: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(BadInputCorpus.Cases.Count >= 150, $"the corpus has {BadInputCorpus.Cases.Count} cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {BadInputCorpus.Cases.Count} cases failed:\n" + string.Join("\n", failures));
        Assert.Equal(0, serverErrors);
        Assert.Empty(leftovers);
        Assert.True(tier1.GetProperty("enabled").GetBoolean(), "a refused admin body changed the Tier 1 switch");
        Assert.Equal("not_found", (await (await Client(AlignApiApplication.ApiKey).GetAsync("/timestamps/c1")).ExpectAsync(200)).Str("status"));
    }

    /// <summary>What is wrong with the answer to <paramref name="bad"/>, or null when it is exactly what was expected.</summary>
    private static async Task<string?> ProblemOf(HttpResponseMessage response, BadInput bad, CorpusFiles files, string dataDirectory)
    {
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != bad.Status)
        {
            return $"status {(int)response.StatusCode}, expected {bad.Status}: {Shorten(text)}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"content type '{response.Content.Headers.ContentType}', not application/problem+json: {Shorten(text)}";
        }

        JsonElement body;
        try
        {
            body = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return $"body is not JSON: {Shorten(text)}";
        }

        if (!body.TryGetProperty("status", out var status) || status.GetInt32() != bad.Status)
        {
            return $"problem status missing or wrong: {Shorten(text)}";
        }

        var detail = body.TryGetProperty("detail", out var d) ? d.GetString() : null;
        if (string.IsNullOrWhiteSpace(detail))
        {
            return $"no detail: {Shorten(text)}";
        }

        if (!detail.Contains(bad.Detail, StringComparison.OrdinalIgnoreCase))
        {
            return $"detail lacks '{bad.Detail}': {Shorten(detail)}";
        }

        if (TypeName().IsMatch(detail) || TempName().IsMatch(detail) || detail.Contains(files.Uploads.Path, StringComparison.Ordinal)
            || detail.Contains(files.Root.Path, StringComparison.Ordinal) || detail.Contains(dataDirectory, StringComparison.Ordinal) || detail.Contains(Path.GetTempPath(), StringComparison.Ordinal))
        {
            return $"detail discloses a type name, temp name or server path: {Shorten(detail)}";
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    [GeneratedRegex(@"\b(System|Microsoft|Kiaraoke)\.[A-Z]")]
    private static partial Regex TypeName();

    [GeneratedRegex("[0-9a-f]{32}")]
    private static partial Regex TempName();
}

/// <summary>The corpus on the embedded SQLite store.</summary>
public sealed class SqliteBadInputCorpusTests(ITestOutputHelper output) : BadInputCorpusTests(output)
{
    private protected override Task<StoreFixture> CreateStoreAsync() => Task.FromResult<StoreFixture>(new SqliteStoreFixture());
}

/// <summary>The corpus on PostgreSQL with Redis as cache level 2.</summary>
[Collection(StoreServersCollection.Name)]
public sealed class PostgresBadInputCorpusTests(StoreServers servers, ITestOutputHelper output) : BadInputCorpusTests(output)
{
    private protected override async Task<StoreFixture> CreateStoreAsync() => await PostgresStoreFixture.CreateAsync(servers.Postgres, servers.Redis.Url);
}

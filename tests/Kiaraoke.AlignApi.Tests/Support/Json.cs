using System.Net.Http.Json;
using System.Text.Json;

namespace Kiaraoke.AlignApi.Tests.Support;

internal static class Json
{
    public static async Task<JsonElement> ReadAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"Not JSON ({(int)response.StatusCode}): {text}");
        }
    }

    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.ReadAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Asserts an RFC 7807 problem with that status and a detail containing <paramref name="detailPart"/>.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this HttpResponseMessage response, int status, string detailPart)
    {
        var body = await response.ExpectAsync(status);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        var detail = body.GetProperty("detail").GetString();
        Assert.Contains(detailPart, detail, StringComparison.OrdinalIgnoreCase);
        return body;
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static JsonContent Body(object value) => JsonContent.Create(value);
}

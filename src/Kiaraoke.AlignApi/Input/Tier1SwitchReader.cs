using System.Text.Json;
using Kiaraoke.AlignApi.Errors;

namespace Kiaraoke.AlignApi.Input;

/// <summary>
/// The body of PUT /admin/tier1: a JSON object whose <c>enabled</c> is literally true or false. Anything else (no
/// body, <c>{}</c>, a misspelt name, a string) is a 400: a switch that disables Tier 1 must never be implied.
/// </summary>
public static class Tier1SwitchReader
{
    private const int MaxBodyBytes = 4 * 1024;

    public static async Task<bool> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send {{\"enabled\": true}} or {{\"enabled\": false}} as application/json; got '{request.ContentType ?? "no content type"}'.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw ApiProblemException.TooLarge($"The body is {request.ContentLength} bytes; the switch takes at most {MaxBodyBytes}.");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw ApiProblemException.BadRequest(JsonErrors.Describe(ex));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApiProblemException.Invalid("enabled", $"The body must be a JSON object {{\"enabled\": true|false}}; got a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }

            if (!document.RootElement.TryGetProperty("enabled", out var enabled))
            {
                var names = string.Join(", ", document.RootElement.EnumerateObject().Select(p => $"'{p.Name}'").Take(5));
                throw ApiProblemException.Invalid("enabled", $"The body needs \"enabled\": true or false{(names.Length == 0 ? string.Empty : $" (it has {names})")}; nothing was changed.");
            }

            return enabled.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw ApiProblemException.Invalid("enabled", $"\"enabled\" must be true or false, not a JSON {enabled.ValueKind.ToString().ToLowerInvariant()}; nothing was changed."),
            };
        }
    }
}

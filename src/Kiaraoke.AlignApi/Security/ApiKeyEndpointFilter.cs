using System.Security.Cryptography;
using System.Text;
using Kiaraoke.AlignApi.Options;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Security;

public enum ApiKeyAccess
{
    /// <summary>GET endpoints: open when <see cref="ApiKeyOptions.OpenReads"/> is set.</summary>
    Read,

    /// <summary>/align and every mutating endpoint: always need a key (unless no key is configured at all).</summary>
    Write,
}

/// <summary>
/// Checks the <c>X-API-Key</c> header against KARAOKE_API_KEYS. Keys are compared as SHA-256 digests with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, every configured key every time, so neither the length nor
/// the position of a match leaks through timing.
/// </summary>
internal sealed class ApiKeyEndpointFilter(ApiKeyAccess access, IOptionsMonitor<ApiKeyOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var current = options.CurrentValue;
        if (current.LocalDevelopmentMode || (access == ApiKeyAccess.Read && current.OpenReads))
        {
            return await next(context).ConfigureAwait(false);
        }

        var http = context.HttpContext;
        var supplied = http.Request.Headers[ApiKeyOptions.HeaderName].ToString();
        if (supplied.Length == 0 || !Matches(supplied, current.Keys))
        {
            http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyOptions.HeaderName}\"";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: supplied.Length == 0
                    ? $"This endpoint needs an API key in the {ApiKeyOptions.HeaderName} header."
                    : $"The API key in the {ApiKeyOptions.HeaderName} header is not valid.");
        }

        return await next(context).ConfigureAwait(false);
    }

    internal static bool Matches(string supplied, IReadOnlyList<string> keys)
    {
        Span<byte> suppliedHash = stackalloc byte[32];
        Span<byte> keyHash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(supplied), suppliedHash);
        var match = false;
        foreach (var key in keys)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(key), keyHash);
            match |= CryptographicOperations.FixedTimeEquals(suppliedHash, keyHash);
        }

        return match;
    }
}

public static class ApiKeyExtensions
{
    /// <summary>Requires an API key on every endpoint of the builder (see <see cref="ApiKeyEndpointFilter"/>).</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiKeyAccess access)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var filter = new ApiKeyEndpointFilter(access, factory.ApplicationServices.GetRequiredService<IOptionsMonitor<ApiKeyOptions>>());
            return context => filter.InvokeAsync(context, next);
        });
        builder.WithMetadata(new ApiKeyRequirement(access));
        return builder;
    }
}

/// <summary>Endpoint metadata: the OpenAPI document lists the X-API-Key requirement from it.</summary>
public sealed record ApiKeyRequirement(ApiKeyAccess Access);

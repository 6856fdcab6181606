using Microsoft.AspNetCore.Http.HttpResults;

namespace Kiaraoke.AlignApi.Errors;

/// <summary>A request the service answers with an RFC 7807 problem: status, short title, precise detail.</summary>
public sealed class ApiProblemException(int status, string title, string detail, TimeSpan? retryAfter = null, IDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public IDictionary<string, string[]>? Errors { get; } = errors;

    public int Status { get; } = status;

    public string Title { get; } = title;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static ApiProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static ApiProblemException Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "Invalid request", message, errors: new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The same problem with every mention of <paramref name="path"/> (full or file name) replaced by <paramref name="name"/>.</summary>
    public ApiProblemException Naming(string path, string name)
    {
        var file = System.IO.Path.GetFileName(path);
        var detail = Message.Replace(path, name, StringComparison.Ordinal).Replace(file, name, StringComparison.Ordinal);
        return detail == Message ? this : new ApiProblemException(Status, Title, detail, RetryAfter, Errors);
    }

    public static ApiProblemException TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail);
}

/// <summary>Turns an <see cref="ApiProblemException"/> into the ProblemDetails result (and its Retry-After header).</summary>
public static class Problems
{
    public static ProblemHttpResult From(ApiProblemException ex, HttpContext context)
    {
        if (ex.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var extensions = ex.Errors is null ? null : new Dictionary<string, object?> { ["errors"] = ex.Errors };
        return TypedResults.Problem(detail: ex.Message, statusCode: ex.Status, title: ex.Title, extensions: extensions);
    }
}

/// <summary>Last line of defence: an <see cref="ApiProblemException"/> escaping a handler still becomes its ProblemDetails.</summary>
internal sealed class ApiProblemExceptionHandler(IProblemDetailsService problemDetails) : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            ApiProblemException api => (api.Status, api.Title, api.Message),
            Microsoft.AspNetCore.Http.BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }
}

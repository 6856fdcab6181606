namespace Kiaraoke.AlignApi.Errors;

/// <summary>
/// Gives every ProblemDetails a <c>detail</c>: the framework's own answers (no route, wrong method, unexpected
/// errors) come without one. The text names what was asked, never a .NET type or a server path.
/// </summary>
internal static class ProblemDetailDefaults
{
    public static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!string.IsNullOrWhiteSpace(problem.Detail))
        {
            return;
        }

        var request = context.HttpContext.Request;
        var target = $"{request.Method} {Shorten(request.Path.Value ?? "/")}";
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"No endpoint matches {target}. The API is described at /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => $"{Shorten(request.Path.Value ?? "/")} does not accept {request.Method}. The API is described at /openapi/v1.json.",
            StatusCodes.Status400BadRequest => $"The request {target} is malformed.",
            StatusCodes.Status413PayloadTooLarge => $"The body of {target} is too large.",
            StatusCodes.Status415UnsupportedMediaType => $"{target} does not accept the content type '{request.ContentType ?? "none"}'.",
            >= 500 => "An unexpected error occurred; the traceId identifies it in the service's logs.",
            _ => $"{problem.Title ?? "The request failed"} ({target}).",
        };
    }

    private static string Shorten(string path) => path.Length <= 120 ? path : path[..120] + "…";
}

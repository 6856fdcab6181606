using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Kiaraoke.AlignApi.Errors;

/// <summary>
/// The longest request target (path and query string) the API answers. Kestrel's own limit on the request line
/// (8 KB) answers a 414 with an empty body; it is raised to <see cref="KestrelRequestLineBytes"/> so that a target
/// between the two reaches this check and gets a ProblemDetails that says what was too long and what is allowed.
/// Beyond <see cref="KestrelRequestLineBytes"/> Kestrel still closes the connection with its bare 414.
/// </summary>
public static class RequestTargetLimit
{
    public const int MaxTargetBytes = 8_192;

    public const int KestrelRequestLineBytes = 65_536;

    public static IHostApplicationBuilder AddRequestTargetLimit(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestLineSize = KestrelRequestLineBytes);
        return builder;
    }

    public static IApplicationBuilder UseRequestTargetLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var length = context.Features.Get<IHttpRequestFeature>()?.RawTarget?.Length
                ?? ((context.Request.Path.Value?.Length ?? 0) + (context.Request.QueryString.Value?.Length ?? 0));
            if (length > MaxTargetBytes)
            {
                context.Response.StatusCode = StatusCodes.Status414UriTooLong;
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status414UriTooLong,
                        Title = "Request target too long",
                        Detail = $"The path and query string are {length} characters long; at most {MaxTargetBytes} are accepted. " +
                                 "Send long inputs (lyrics, audio) in the request body.",
                    },
                });
                return;
            }

            await next(context);
        });
}

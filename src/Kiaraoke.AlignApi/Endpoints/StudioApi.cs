using Microsoft.Extensions.FileProviders;

namespace Kiaraoke.AlignApi.Endpoints;

/// <summary>
/// The studio page (<c>/studio/</c>, and <c>/</c> redirects there): plain HTML, CSS and JS embedded in the assembly
/// (wwwroot/studio), so it is served whatever the content root and needs nothing from the internet.
/// </summary>
public static class StudioApi
{
    public const string PathPrefix = "/studio";

    public static WebApplication MapStudio(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(StudioApi).Assembly, "Kiaraoke.AlignApi.wwwroot.studio");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = PathPrefix });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = PathPrefix,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapGet("/", () => TypedResults.Redirect(PathPrefix + "/")).ExcludeFromDescription();
        return app;
    }
}

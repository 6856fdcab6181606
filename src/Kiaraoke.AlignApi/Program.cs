using Kiaraoke.AlignApi.Endpoints;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Extensions;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.ReportStartupFailuresInOneLine();
builder.AddServiceDefaults();
builder.AddRequestTargetLimit();
builder.AddAlignServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestTargetLimit();

app.MapDefaultEndpoints();
app.MapAlignApi();
app.MapTimestampsApi();
app.MapAdminApi();
app.MapJobsApi();
app.MapStudio();

return await app.RunOrExplainAsync();

using Hangfire.Dashboard;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Security;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Jobs;

/// <summary>
/// The Hangfire dashboard answers only requests carrying a valid key in X-API-Key (the admin key rule of
/// <c>/admin/tier1</c>); in local-development mode (no key configured) it is open, like every other route.
/// </summary>
internal sealed class ApiKeyDashboardAuthorization(IOptionsMonitor<ApiKeyOptions> options) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var current = options.CurrentValue;
        if (current.LocalDevelopmentMode)
        {
            return true;
        }

        var supplied = context.GetHttpContext().Request.Headers[ApiKeyOptions.HeaderName].ToString();
        return supplied.Length > 0 && ApiKeyEndpointFilter.Matches(supplied, current.Keys);
    }
}

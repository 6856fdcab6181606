using System.Text.Json;

namespace Kiaraoke.AlignApi.Jobs;

/// <summary>How job arguments and results are written: the web defaults (camelCase unless a contract names its fields).</summary>
internal static class JobJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

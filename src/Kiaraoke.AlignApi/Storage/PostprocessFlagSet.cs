using Kiaraoke.AlignApi.Options;

namespace Kiaraoke.AlignApi.Storage;

/// <summary>
/// The post-processing switches that change a result for the same engine and model, written into
/// <c>postprocess_flags</c> as a sorted comma list; a row made under other flags is recomputed.
/// </summary>
public static class PostprocessFlagSet
{
    public const string None = "none";

    public static string For(AlignmentOptions options)
    {
        var flags = new List<string>();
        if (options.OnsetRefinement)
        {
            flags.Add("onset_refine");
        }

        return flags.Count == 0 ? None : string.Join(',', flags.Order(StringComparer.Ordinal));
    }
}

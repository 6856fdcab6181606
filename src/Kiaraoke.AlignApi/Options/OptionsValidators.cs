using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Options;

[OptionsValidator]
internal sealed partial class AlignmentOptionsValidator : IValidateOptions<AlignmentOptions>;

[OptionsValidator]
internal sealed partial class ServiceLimitsOptionsValidator : IValidateOptions<ServiceLimitsOptions>;

[OptionsValidator]
internal sealed partial class InferenceOptionsValidator : IValidateOptions<InferenceOptions>;

[OptionsValidator]
internal sealed partial class BreakerOptionsValidator : IValidateOptions<BreakerOptions>;

[OptionsValidator]
internal sealed partial class PersistenceOptionsValidator : IValidateOptions<PersistenceOptions>;

/// <summary>Checks that need the file system or URL parsing, which attributes cannot express.</summary>
internal sealed class EnvironmentOptionsValidator(IHostEnvironment environment) :
    IValidateOptions<AlignmentOptions>, IValidateOptions<ServiceLimitsOptions>, IValidateOptions<ExternalServicesOptions>
{
    public ValidateOptionsResult Validate(string? name, AlignmentOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ModelDir) && !Directory.Exists(ResolvePath(environment, options.ModelDir)))
        {
            return ValidateOptionsResult.Fail(
                $"Alignment:ModelDir (KARAOKE_MODEL_DIR) '{options.ModelDir}' is not a directory (resolved to '{ResolvePath(environment, options.ModelDir)}').");
        }

        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, ServiceLimitsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.VocalsRoot) && !Directory.Exists(ResolvePath(environment, options.VocalsRoot)))
        {
            return ValidateOptionsResult.Fail(
                $"Limits:VocalsRoot (KARAOKE_VOCALS_ROOT) '{options.VocalsRoot}' is not a directory (resolved to '{ResolvePath(environment, options.VocalsRoot)}').");
        }

        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, ExternalServicesOptions options)
    {
        var failures = new List<string>();
        CheckUrl(options.SharedWhisperUrl, "External:SharedWhisperUrl (SHARED_WHISPER_URL)", ["http", "https"], failures);
        CheckUrl(options.DatabaseUrl, "External:DatabaseUrl (DATABASE_URL)", ["postgres", "postgresql"], failures);
        CheckUrl(options.RedisUrl, "External:RedisUrl (REDIS_URL)", ["redis", "rediss"], failures);
        if (!string.IsNullOrEmpty(options.GroqApiKey) && (options.GroqApiKey.Length < 8 || options.GroqApiKey.Any(char.IsWhiteSpace)))
        {
            failures.Add("External:GroqApiKey (GROQ_API_KEY) is set but is not a plausible key (at least 8 characters, no spaces).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static string ResolvePath(IHostEnvironment environment, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path));

    private static void CheckUrl(string? value, string name, string[] schemes, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase) || uri.Host.Length == 0)
        {
            failures.Add($"{name} '{Redact(value)}' is not a valid URL; expected {string.Join(" or ", schemes.Select(s => s + "://host…"))}.");
        }
    }

    private static string Redact(string value)
    {
        var at = value.LastIndexOf('@');
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme > 0 && at > scheme ? value[..(scheme + 3)] + "***" + value[at..] : value;
    }
}

/// <summary>
/// A key setting that is present but holds no key (" , ", blanks: a broken template) would silently open every
/// endpoint. Outside Development that is a start-up error; an empty or absent setting stays the documented open mode.
/// </summary>
internal sealed class ApiKeyOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        if (string.IsNullOrEmpty(options.ApiKeys) || options.Keys.Count > 0 || environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"Auth:ApiKeys (KARAOKE_API_KEYS) is set but holds no key, only separators or blanks ({options.ApiKeys.Length} characters). " +
            "Give comma-separated keys, or leave it empty on purpose for local-development mode (every endpoint open).");
    }
}

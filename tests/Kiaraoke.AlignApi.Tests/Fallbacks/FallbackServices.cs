using Kiaraoke.AlignApi.Fallbacks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

/// <summary>The fallback registrations exactly as the service makes them, fed by an in-memory configuration.</summary>
internal static class FallbackServices
{
    public static ServiceProvider Build(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWhisperFallbacks(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }
}

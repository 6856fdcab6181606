using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kiaraoke.AlignApi.Engines;

/// <summary>How an engine joins the router: register it as an <see cref="IAlignmentEngine"/> singleton.</summary>
public static class EngineRegistrationExtensions
{
    /// <summary>Adds an engine; the router orders engines by tier, and for one tier the last registered wins.</summary>
    public static IServiceCollection AddAlignmentEngine<TEngine>(this IServiceCollection services)
        where TEngine : class, IAlignmentEngine
    {
        services.TryAddSingleton<TEngine>();
        services.AddSingleton<IAlignmentEngine>(sp => sp.GetRequiredService<TEngine>());
        return services;
    }

    public static IServiceCollection AddAlignmentEngine(this IServiceCollection services, IAlignmentEngine engine)
    {
        services.AddSingleton(engine);
        return services;
    }
}

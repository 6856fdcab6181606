using Kiaraoke.AlignApi.Fallbacks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

public sealed class FallbackOptionsTests
{
    [Fact]
    public void Kiaraoke_environment_names_set_the_clients()
    {
        using var services = FallbackServices.Build(
            ("SHARED_WHISPER_URL", "http://shared-whisper:9000"), ("SHARED_WHISPER_TIMEOUT", "45"), ("GROQ_API_KEY", "gsk_x"), ("KARAOKE_LRCLIB_URL", "http://lrclib.local"));

        Assert.Equal("http://shared-whisper:9000", services.GetRequiredService<IOptions<SharedWhisperOptions>>().Value.Url);
        Assert.Equal(45, services.GetRequiredService<IOptions<SharedWhisperOptions>>().Value.TimeoutSeconds);
        Assert.Equal("gsk_x", services.GetRequiredService<IOptions<GroqWhisperOptions>>().Value.ApiKey);
        Assert.Equal("http://lrclib.local", services.GetRequiredService<IOptions<LrcLibOptions>>().Value.Url);
        Assert.True(services.GetRequiredService<SharedWhisperClient>().IsConfigured);
        Assert.True(services.GetRequiredService<GroqWhisperClient>().IsConfigured);
    }

    [Fact]
    public void The_service_external_section_is_read_too()
    {
        using var services = FallbackServices.Build(("External:SharedWhisperUrl", "http://w:9000"), ("External:GroqApiKey", "gsk_y"));

        Assert.Equal("http://w:9000", services.GetRequiredService<IOptions<SharedWhisperOptions>>().Value.Url);
        Assert.Equal("gsk_y", services.GetRequiredService<IOptions<GroqWhisperOptions>>().Value.ApiKey);
    }

    [Theory]
    [InlineData("SHARED_WHISPER_URL", "shared-whisper:9000")]
    [InlineData("SHARED_WHISPER_TIMEOUT", "0")]
    [InlineData("GROQ_API_URL", "ftp://api.groq.com")]
    [InlineData("Groq:MaxRetries", "50")]
    [InlineData("Fallbacks:MinMatchedRatio", "1.5")]
    public void Bad_settings_are_refused(string key, string value)
    {
        using var services = FallbackServices.Build((key, value));

        Assert.ThrowsAny<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<SharedWhisperOptions>>().Value;
            _ = services.GetRequiredService<IOptions<GroqWhisperOptions>>().Value;
            _ = services.GetRequiredService<IOptions<WhisperFallbackOptions>>().Value;
        });
    }
}

using System.ComponentModel.DataAnnotations;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>Tier 2, shared-whisper (whisper-asr-webservice). Environment: <c>SHARED_WHISPER_URL</c>, <c>SHARED_WHISPER_TIMEOUT</c> (seconds).</summary>
public sealed class SharedWhisperOptions
{
    public const string SectionName = "SharedWhisper";

    /// <summary>Base address, e.g. <c>http://shared-whisper:9000</c>. Empty: Tier 2 is off.</summary>
    public string? Url { get; set; }

    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Silero VAD in faster-whisper: skips the instrumental parts where Whisper invents words.</summary>
    public bool VadFilter { get; set; } = Kiaraoke.Alignment.AsrMapping.WhisperRequestFields.DefaultVadFilter;

    [Range(0, 2000)]
    public int PromptMaxChars { get; set; } = 500;

    public string ModelVersion { get; set; } = "shared-whisper-large-v3-turbo";
}

namespace Kiaraoke.Cli.Bench.Whisper;

/// <summary>Which Whisper server protocol <c>--engine whisper</c> speaks (the service's Tier 2 or Tier 3).</summary>
internal enum WhisperProtocol
{
    /// <summary>whisper-asr-webservice (faster-whisper): <c>POST /asr?…</c>, options in the query, audio as part <c>audio_file</c>.</summary>
    SharedWhisper,

    /// <summary>Groq's OpenAI-style <c>POST /openai/v1/audio/transcriptions</c>, multipart, bearer key.</summary>
    Groq,
}

internal static class WhisperProtocols
{
    public static WhisperProtocol Parse(string? value) => value switch
    {
        null or "shared-whisper" => WhisperProtocol.SharedWhisper,
        "groq" => WhisperProtocol.Groq,
        _ => throw new UsageException($"--whisper-protocol must be shared-whisper or groq, not '{value}'."),
    };

    public static string Name(WhisperProtocol protocol) => protocol == WhisperProtocol.Groq ? "groq" : "shared-whisper";
}

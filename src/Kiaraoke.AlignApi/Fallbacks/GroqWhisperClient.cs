using System.Net.Http.Headers;
using Kiaraoke.Alignment.AsrMapping;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>
/// Tier 3: Groq's OpenAI-style <c>POST /openai/v1/audio/transcriptions</c> (multipart: <c>file</c>, <c>model</c>,
/// <c>response_format=verbose_json</c>, <c>timestamp_granularities[]</c> word and segment, <c>language</c>,
/// <c>prompt</c>). The audio is first transcoded to 16 kHz mono FLAC (Opus if needed) and refused, without calling
/// Groq, when it is still over the upload limit. Retries on 429 and 5xx are the HttpClient's resilience handler
/// (see <see cref="FallbackServiceCollectionExtensions"/>); the body is buffered so a retry can resend it.
/// A singleton: each call takes a fresh handler-pooled HttpClient from the factory.
/// </summary>
public sealed class GroqWhisperClient(
    IHttpClientFactory clients, IOptions<GroqWhisperOptions> options, IAudioTranscoder transcoder, ILogger<GroqWhisperClient> logger) : ISpeechToText
{
    public const string BackendName = "groq_whisper";

    public const string HttpClientName = "groq";

    public const string TranscriptionsPath = "openai/v1/audio/transcriptions";

    public string Name => BackendName;

    public string ModelVersion => options.Value.ModelVersion;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.ApiKey) && !string.IsNullOrWhiteSpace(options.Value.Url);

    public async Task<AsrTranscript> TranscribeAsync(AsrRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!IsConfigured)
        {
            throw new AsrBackendException(Name, AsrFailureReasons.NotConfigured, "GROQ_API_KEY is not set");
        }

        using var audio = await transcoder.ToSpeechFormatAsync(request.AudioPath, settings.MaxUploadBytes, cancellationToken);
        if (audio is null)
        {
            var refusal = new AsrBackendException(Name, AsrFailureReasons.TooLarge, $"the audio is over {settings.MaxUploadBytes} bytes even as 16 kHz mono Opus");
            FallbackLog.BackendFailed(logger, Name, refusal.Reason, refusal.Message);
            throw refusal;
        }

        var bytes = await File.ReadAllBytesAsync(audio.Path, cancellationToken);
        FallbackLog.GroqUpload(logger, audio.FileName, bytes.LongLength);
        var prompt = WhisperPrompt.FromLyrics(request.LyricsText, settings.PromptMaxChars);
        return await HttpAsr.SendAsync(clients.CreateClient(HttpClientName), () => CreateMessage(bytes, audio, request, prompt, settings), request, Name, logger, cancellationToken);
    }

    private static HttpRequestMessage CreateMessage(byte[] bytes, TranscodedAudio audio, AsrRequest request, string? prompt, GroqWhisperOptions settings)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(audio.MediaType);
        var form = new MultipartFormDataContent { { file, "file", audio.FileName } };
        foreach (var (name, value) in WhisperRequestFields.GroqFormFields(settings.Model, request.Language, prompt))
        {
            form.Add(new StringContent(value), name);
        }

        var message = new HttpRequestMessage(HttpMethod.Post, TranscriptionsPath) { Content = form };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        return message;
    }
}

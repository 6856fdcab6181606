using System.Net.Http.Headers;
using Kiaraoke.Alignment.AsrMapping;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>
/// Tier 2: shared-whisper, i.e. whisper-asr-webservice running faster-whisper. <c>POST /asr</c> takes every option
/// in the query string and only the audio as multipart (part <c>audio_file</c>); it answers JSON labelled
/// <c>text/plain</c>, so the body is read as text and parsed here. The lyrics ride along as <c>initial_prompt</c>.
/// No retry: the server serialises requests behind one model lock, so a retry only queues behind itself.
/// A singleton: each call takes a fresh handler-pooled HttpClient from the factory.
/// </summary>
public sealed class SharedWhisperClient(IHttpClientFactory clients, IOptions<SharedWhisperOptions> options, ILogger<SharedWhisperClient> logger) : ISpeechToText
{
    public const string BackendName = "shared_whisper";

    public const string HttpClientName = "shared-whisper";

    public string Name => BackendName;

    public string ModelVersion => options.Value.ModelVersion;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Url);

    public Task<AsrTranscript> TranscribeAsync(AsrRequest request, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            throw new AsrBackendException(Name, AsrFailureReasons.NotConfigured, "SHARED_WHISPER_URL is not set");
        }

        var uri = BuildUri(request, options.Value);
        return HttpAsr.SendAsync(clients.CreateClient(HttpClientName), () => CreateMessage(uri, request.AudioPath), request, Name, logger, cancellationToken);
    }

    /// <summary>The relative <c>asr?...</c> URI with every option URL-encoded.</summary>
    public static string BuildUri(AsrRequest request, SharedWhisperOptions options) =>
        WhisperRequestFields.SharedWhisperQuery(request.Language, WhisperPrompt.FromLyrics(request.LyricsText, options.PromptMaxChars), options.VadFilter);

    private static HttpRequestMessage CreateMessage(string uri, string audioPath)
    {
        var file = new StreamContent(File.OpenRead(audioPath));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { file, "audio_file", Path.GetFileName(audioPath) } };
        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = form };
        message.Headers.Accept.ParseAdd("application/json");
        message.Headers.Accept.ParseAdd("text/plain");
        return message;
    }
}

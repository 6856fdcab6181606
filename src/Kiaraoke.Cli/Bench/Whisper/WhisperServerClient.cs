using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Audio;

namespace Kiaraoke.Cli.Bench.Whisper;

/// <summary>
/// A small client for the two Whisper protocols the service's Tiers 2 and 3 speak, written for the Cli (which must not
/// reference the ASP.NET host) with the same requests:
/// <list type="bullet">
/// <item>shared-whisper: <c>POST asr?task=transcribe&amp;output=json&amp;encode=true&amp;word_timestamps=true&amp;vad_filter=true&amp;language=…&amp;initial_prompt=…</c>,
/// the song's audio file as the one multipart part <c>audio_file</c>; the JSON answer may be labelled text/plain.</item>
/// <item>Groq: <c>POST openai/v1/audio/transcriptions</c> with <c>file</c>, <c>model</c>, <c>response_format=verbose_json</c>,
/// <c>timestamp_granularities[]</c> word and segment, <c>temperature=0</c>, <c>language</c>, <c>prompt</c> and a bearer key.
/// The service uploads 16 kHz mono FLAC; the bench uploads the same decoded 16 kHz mono audio as 16-bit WAV (lossless,
/// no ffmpeg encode step). 429 and 5xx are retried twice, after <c>retry-after</c> (at most 30 s) or 1 s, 2 s.</item>
/// </list>
/// The lyrics go as the prompt (<see cref="WhisperPrompt.FromLyrics"/>, 500 characters), the language only when it is
/// an ISO 639-1 code. Answers are read by the core's <see cref="WhisperAnswerReader"/>, as the service reads them.
/// </summary>
internal sealed class WhisperServerClient(HttpClient http, WhisperProtocol protocol, string? apiKey, string groqModel) : IDisposable
{
    public const string GroqTranscriptionsPath = "openai/v1/audio/transcriptions";

    public const long GroqMaxUploadBytes = 25L * 1000 * 1000;

    private const int GroqRetries = 2;

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    public WhisperProtocol Protocol => protocol;

    public static WhisperServerClient Create(string url, WhisperProtocol protocol, string? apiKey, string groqModel, TimeSpan timeout)
    {
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--whisper-url must be an http(s) URL, not '{url}'.");
        }

        return new WhisperServerClient(new HttpClient { BaseAddress = baseAddress, Timeout = timeout }, protocol, apiKey, groqModel);
    }

    public async Task<AsrTranscript> TranscribeAsync(GoldenSong song, PcmAudio audio, CancellationToken cancellationToken)
    {
        var language = song.Language is { Length: 2 } code ? code.ToLowerInvariant() : null;
        var prompt = WhisperPrompt.FromLyrics(song.LyricsText);
        Func<HttpRequestMessage> request;
        if (protocol == WhisperProtocol.SharedWhisper)
        {
            var audioBytes = await File.ReadAllBytesAsync(song.AudioPath, cancellationToken);
            request = () => SharedWhisperRequest(audioBytes, Path.GetFileName(song.AudioPath), language, prompt);
        }
        else
        {
            var wav = Wav16(audio);
            if (wav.LongLength > GroqMaxUploadBytes)
            {
                throw new WhisperServerException($"{song.Id}: {wav.LongLength} bytes of 16 kHz mono WAV is over Groq's {GroqMaxUploadBytes}-byte upload limit");
            }

            request = () => GroqRequest(wav, language, prompt);
        }

        var body = await SendAsync(request, song.Id, cancellationToken);
        try
        {
            return WhisperAnswerReader.Read(body, audio.DurationSeconds).Transcript;
        }
        catch (WhisperAnswerException e)
        {
            throw new WhisperServerException($"{song.Id}: {e.Message}", e);
        }
    }

    /// <summary>The shared-whisper query, as the service builds it (its default VAD setting).</summary>
    public static string SharedWhisperUri(string? language, string? prompt) =>
        WhisperRequestFields.SharedWhisperQuery(language, prompt, WhisperRequestFields.DefaultVadFilter);

    private static HttpRequestMessage SharedWhisperRequest(byte[] audioBytes, string fileName, string? language, string? prompt)
    {
        var file = new ByteArrayContent(audioBytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var message = new HttpRequestMessage(HttpMethod.Post, SharedWhisperUri(language, prompt))
        {
            Content = new MultipartFormDataContent { { file, "audio_file", fileName } },
        };
        message.Headers.Accept.ParseAdd("application/json");
        message.Headers.Accept.ParseAdd("text/plain");
        return message;
    }

    private HttpRequestMessage GroqRequest(byte[] wav, string? language, string? prompt)
    {
        var file = new ByteArrayContent(wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        var form = new MultipartFormDataContent { { file, "file", "audio.wav" } };
        foreach (var (name, value) in WhisperRequestFields.GroqFormFields(groqModel, language, prompt))
        {
            form.Add(new StringContent(value), name);
        }

        var message = new HttpRequestMessage(HttpMethod.Post, GroqTranscriptionsPath) { Content = form };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return message;
    }

    private async Task<string> SendAsync(Func<HttpRequestMessage> createRequest, string songId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var message = createRequest();
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                if (protocol == WhisperProtocol.Groq && retryable && attempt < GroqRetries)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1 << attempt);
                    await Task.Delay(wait < MaxRetryAfter ? wait : MaxRetryAfter, cancellationToken);
                    continue;
                }

                throw new WhisperServerException($"{songId}: HTTP {(int)response.StatusCode} from {http.BaseAddress}: {Excerpt(body)}");
            }
            catch (HttpRequestException e)
            {
                throw new WhisperServerException($"{songId}: {http.BaseAddress} cannot be reached ({e.HttpRequestError})", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new WhisperServerException($"{songId}: no answer from {http.BaseAddress} within {http.Timeout.TotalSeconds:0} s", e);
            }
        }
    }

    /// <summary>16-bit PCM WAV of the decoded audio (its own sample rate, mono).</summary>
    internal static byte[] Wav16(PcmAudio audio)
    {
        var samples = audio.Samples;
        using var stream = new MemoryStream(44 + (samples.Length * 2));
        using (var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true))
        {
            writer.Write("RIFF"u8);
            writer.Write(36 + (samples.Length * 2));
            writer.Write("WAVEfmt "u8);
            writer.Write(16);
            writer.Write((short)1);
            writer.Write((short)1);
            writer.Write(audio.SampleRate);
            writer.Write(audio.SampleRate * 2);
            writer.Write((short)2);
            writer.Write((short)16);
            writer.Write("data"u8);
            writer.Write(samples.Length * 2);
            foreach (var s in samples)
            {
                writer.Write((short)Math.Round(Math.Clamp(s, -1f, 1f) * short.MaxValue));
            }
        }

        return stream.ToArray();
    }

    private static string Excerpt(string body)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    public void Dispose() => http.Dispose();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{WhisperProtocols.Name(protocol)} at {http.BaseAddress}");
}

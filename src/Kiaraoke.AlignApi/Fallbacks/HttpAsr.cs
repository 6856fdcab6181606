using System.Diagnostics;
using System.Net;
using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Timing;
using Microsoft.Extensions.Logging;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>What both Whisper clients share: send, classify HTTP failures, read the JSON through the unit guard.</summary>
internal static class HttpAsr
{
    public static async Task<AsrTranscript> SendAsync(
        HttpClient http, Func<HttpRequestMessage> createRequest, AsrRequest request, string backend, ILogger logger, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string body;
        try
        {
            using var message = createRequest();
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Classify(backend, response, body);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(logger, new AsrBackendException(backend, AsrFailureReasons.Timeout, $"no answer within {http.Timeout.TotalSeconds:0} s", e));
        }
        catch (HttpRequestException e)
        {
            throw Fail(logger, new AsrBackendException(backend, AsrFailureReasons.Unavailable, $"cannot be reached ({e.HttpRequestError})", e));
        }
        catch (AsrBackendException e)
        {
            throw Fail(logger, e);
        }

        AsrTranscript transcript;
        try
        {
            (transcript, var verdict) = WhisperAnswerReader.Read(body, request.DurationSeconds);
            if (verdict.Unit == TimeUnit.Milliseconds)
            {
                FallbackLog.TimesInMilliseconds(logger, backend, verdict.MaxReported);
            }
        }
        catch (WhisperAnswerException e)
        {
            var reason = e.Problem == WhisperAnswerProblem.TimeUnitRefused ? AsrFailureReasons.TimeUnitRefused : AsrFailureReasons.MalformedResponse;
            throw Fail(logger, new AsrBackendException(backend, reason, e.Message, e.InnerException));
        }

        FallbackLog.Transcribed(logger, backend, transcript.Words.Count, clock.ElapsedMilliseconds);
        return transcript;
    }

    private static AsrBackendException Fail(ILogger logger, AsrBackendException e)
    {
        FallbackLog.BackendFailed(logger, e.Backend, e.Reason, e.Message);
        return e;
    }

    private static AsrBackendException Classify(string backend, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var detail = $"HTTP {status}: {Excerpt(body)}";
        return response.StatusCode switch
        {
            HttpStatusCode.RequestEntityTooLarge => new AsrBackendException(backend, AsrFailureReasons.TooLarge, detail),
            HttpStatusCode.TooManyRequests => new AsrBackendException(backend, AsrFailureReasons.RateLimited, detail),
            HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => new AsrBackendException(backend, AsrFailureReasons.Timeout, detail),
            _ when status >= 500 => new AsrBackendException(backend, AsrFailureReasons.ServerError, detail),
            _ => new AsrBackendException(backend, AsrFailureReasons.Rejected, detail),
        };
    }

    private static string Excerpt(string body)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}

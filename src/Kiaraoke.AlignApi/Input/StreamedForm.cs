using System.Text;
using Kiaraoke.AlignApi.Errors;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Kiaraoke.AlignApi.Input;

/// <summary>Bounds of one multipart read: audio bytes, whole body, bytes of one text field, number of parts.</summary>
internal sealed record StreamedFormLimits(long MaxAudioBytes, long MaxBodyBytes, int MaxFieldBytes, int MaxParts);

/// <summary>
/// A multipart/form-data body read part by part: text fields are decoded as strict UTF-8 under a length limit, the
/// 'audio' part is streamed straight into this process's upload folder (no second buffered copy). Malformed, truncated
/// or oversized bodies become 400/413 problems. Disposing deletes the audio file unless <see cref="TakeAudio"/> handed
/// it on, so nothing refused stays on disk.
/// </summary>
internal sealed class StreamedForm : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);

    /// <summary>Where the 'audio' part was written (null when the form had none, or after <see cref="TakeAudio"/>).</summary>
    public string? AudioPath { get; private set; }

    /// <summary>The file name the client gave the audio part (cleaned), to name it in messages.</summary>
    public string? AudioName { get; private set; }

    public long AudioBytes { get; private set; }

    /// <summary>The first value of a text field, or null when it is absent or empty.</summary>
    public string? Field(string name) => _fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Hands the audio file on (its new owner deletes it); the form no longer does.</summary>
    public string TakeAudio()
    {
        var path = AudioPath ?? throw new InvalidOperationException("The form has no audio part.");
        AudioPath = null;
        return path;
    }

    public void Dispose()
    {
        if (AudioPath is not null)
        {
            TryDelete(AudioPath);
            AudioPath = null;
        }
    }

    public static async Task<StreamedForm> ReadAsync(HttpRequest request, UploadFolder uploads, StreamedFormLimits limits, CancellationToken cancellationToken)
    {
        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            throw ApiProblemException.BadRequest("The multipart/form-data content type needs a boundary parameter of 1 to 200 characters.");
        }

        var reader = new MultipartReader(boundary, request.Body)
        {
            HeadersCountLimit = 16,
            HeadersLengthLimit = 16 * 1024,
            BodyLengthLimit = limits.MaxBodyBytes,
        };
        var form = new StreamedForm();
        try
        {
            await form.ReadPartsAsync(reader, uploads, limits, cancellationToken).ConfigureAwait(false);
            return form;
        }
        catch (Exception ex)
        {
            form.Dispose();
            if (Problem(ex, limits) is { } problem)
            {
                throw problem;
            }

            throw;
        }
    }

    /// <summary>The client-facing problem for a reader failure, or null for exceptions that keep their own meaning.</summary>
    private static ApiProblemException? Problem(Exception exception, StreamedFormLimits limits) => exception switch
    {
        InvalidDataException when exception.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase) =>
            ApiProblemException.TooLarge($"The multipart body exceeds the limit of {limits.MaxBodyBytes} bytes ({limits.MaxAudioBytes} bytes of audio, KARAOKE_MAX_UPLOAD_BYTES, plus the form)."),
        InvalidDataException => ApiProblemException.BadRequest($"The multipart body is malformed: {exception.Message}"),

        // MultipartReader's "unexpected end of stream": the body stopped before its closing boundary. Kestrel's own
        // errors (size limit, client gone) keep their meaning.
        IOException when exception is not Microsoft.AspNetCore.Connections.ConnectionResetException and not Microsoft.AspNetCore.Http.BadHttpRequestException =>
            ApiProblemException.BadRequest("The multipart body is malformed or ends before its closing boundary (truncated upload?)."),
        _ => null,
    };

    private async Task ReadPartsAsync(MultipartReader reader, UploadFolder uploads, StreamedFormLimits limits, CancellationToken cancellationToken)
    {
        var parts = 0;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || (!disposition.IsFormDisposition() && !disposition.IsFileDisposition()))
            {
                throw ApiProblemException.BadRequest("A multipart part has no valid 'Content-Disposition: form-data; name=…' header.");
            }

            if (++parts > limits.MaxParts)
            {
                throw ApiProblemException.TooLarge($"The form has more than {limits.MaxParts} parts; at most {limits.MaxParts} are accepted (the form of /align has ten).");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            if (name == "audio")
            {
                if (AudioPath is not null)
                {
                    throw ApiProblemException.Invalid("audio", "The multipart request has more than one part named 'audio'.");
                }

                AudioName = UploadName(disposition);
                AudioPath = uploads.NewFile(SafeExtension(AudioName));
                AudioBytes = await SaveAsync(section.Body, AudioPath, limits.MaxAudioBytes, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var value = await ReadFieldAsync(section.Body, name, limits.MaxFieldBytes, cancellationToken).ConfigureAwait(false);
            if (!disposition.IsFileDisposition())
            {
                _fields.TryAdd(name, value); // an extra file part is read and ignored, like an unknown field
            }
        }
    }

    private static async Task<long> SaveAsync(Stream source, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81_920];
        var total = 0L;
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw ApiProblemException.TooLarge($"The uploaded audio is larger than the limit of {maxBytes} bytes (KARAOKE_MAX_UPLOAD_BYTES).");
            }

            try
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                // Disk full or gone: the server's fault, not a malformed body (the caller maps IOException to 400).
                throw new InvalidOperationException($"The upload could not be written to the upload folder: {ex.Message}", ex);
            }
        }

        return total;
    }

    private static async Task<string> ReadFieldAsync(Stream source, string name, int maxBytes, CancellationToken cancellationToken)
    {
        using var value = new MemoryStream();
        var buffer = new byte[16_384];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (value.Length + read > maxBytes)
            {
                throw ApiProblemException.TooLarge($"The form field '{Shorten(name)}' is longer than {maxBytes} bytes, the limit for one field (4 × KARAOKE_MAX_LYRICS_CHARS, at least 64 KiB).");
            }

            value.Write(buffer, 0, read);
        }

        try
        {
            return StrictUtf8.GetString(value.GetBuffer(), 0, (int)value.Length);
        }
        catch (DecoderFallbackException ex)
        {
            throw ApiProblemException.Invalid(name, $"The form field '{Shorten(name)}' is not valid UTF-8 (byte {ex.Index} cannot be decoded); send text fields as UTF-8.");
        }
    }

    private static string UploadName(ContentDispositionHeaderValue disposition)
    {
        var raw = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        var name = Path.GetFileName((raw ?? string.Empty).Replace('\\', '/'));
        var clean = new string(name.Where(c => !char.IsControl(c)).Take(100).ToArray()).Trim();
        return clean.Length == 0 ? "audio" : clean;
    }

    private static string SafeExtension(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        return extension.Length is > 1 and <= 6 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension.ToLowerInvariant() : ".bin";
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The start-up clean-up removes it with this process's folder.
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

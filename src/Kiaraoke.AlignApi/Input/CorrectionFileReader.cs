using System.Text;
using Kiaraoke.AlignApi.Contracts;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.Alignment.Formats;

namespace Kiaraoke.AlignApi.Input;

/// <summary>
/// PUT /timestamps/{id}/words?format=lrc|ass|ttml|ultrastar: one of our exports, corrected by hand, read back into the
/// JSON correction shape so it goes through the same checks (<see cref="CorrectionReader.Build"/>). The body is the
/// file's UTF-8 text; a file that cannot be read, or a word without a time, is a 400 that says where.
/// </summary>
public static class CorrectionFileReader
{
    /// <summary>The largest file accepted (a long song's ASS is about 100 KB).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public static async Task<CorrectedTimestampsRequest> ReadAsync(HttpRequest request, KaraokeFormat format, CancellationToken cancellationToken)
    {
        if (!KaraokeImporter.Readable.Contains(format))
        {
            throw ApiProblemException.Invalid("format", $"A {format.Name()} file cannot be a correction (it does not time every word); send one of {string.Join(", ", KaraokeImporter.Readable.Select(f => f.Name()))} or JSON.");
        }

        if (request.ContentLength > MaxBytes)
        {
            throw ApiProblemException.TooLarge($"The {format.Name()} file is {request.ContentLength} bytes; at most {MaxBytes} are accepted.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw ApiProblemException.TooLarge($"The {format.Name()} file is larger than {MaxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw ApiProblemException.Invalid("body", $"The {format.Name()} file is not valid UTF-8 text.");
        }

        if (text.Trim().Length == 0)
        {
            throw ApiProblemException.Invalid("body", $"The {format.Name()} file is empty.");
        }

        KaraokeTimeline timeline;
        try
        {
            timeline = KaraokeImporter.Read(format, text);
        }
        catch (KaraokeFormatException ex)
        {
            throw ApiProblemException.Invalid("body", $"The {format.Name()} file cannot be read back: {ex.Message}");
        }

        return new CorrectedTimestampsRequest
        {
            Lines = timeline.Lines
                .Select(line => (CorrectedLineDto?)new CorrectedLineDto(
                    line.Words.Select(w => (CorrectedWordDto?)new CorrectedWordDto(w.Word, w.StartMs, w.EndMs)).ToArray(),
                    line.StartMs,
                    line.EndMs,
                    line.Text))
                .ToArray(),
            Language = timeline.Language,
            ArtistName = timeline.Artist,
            TrackName = timeline.Title,
        };
    }
}

using System.Text.Json;
using Kiaraoke.AlignApi.Contracts;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Audio;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Input;

/// <summary>
/// Reads POST /align and /regenerate in either form (multipart upload or JSON with vocalsPath), enforces the size
/// limits while reading, and validates every field with a precise message.
/// </summary>
public sealed partial class AlignInputReader(
    IOptionsMonitor<ServiceLimitsOptions> limits, IHostEnvironment environment, UploadFolder uploads, AudioProbe probe)
{
    /// <summary>Most form fields one request may carry (the form has ten; the rest is tolerance for extra fields).</summary>
    public const int MaxFormFields = 64;

    private const long MultipartOverheadBytes = 1024 * 1024;
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true };

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex SpotifyId();

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial System.Text.RegularExpressions.Regex YoutubeId();

    public async Task<AlignRequestInput> ReadAsync(HttpRequest request, bool forceRegenerate, CancellationToken cancellationToken)
    {
        var limit = limits.CurrentValue;
        if (request.ContentLength is { } length && length > limit.MaxUploadBytes + MultipartOverheadBytes)
        {
            throw ApiProblemException.TooLarge($"The request body is {length} bytes; uploads are limited to {limit.MaxUploadBytes} bytes (KARAOKE_MAX_UPLOAD_BYTES).");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit.MaxUploadBytes + MultipartOverheadBytes;
        }

        try
        {
            if (request.HasFormContentType && !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    $"POST /align takes multipart/form-data (audio in a part named 'audio') or application/json (with vocalsPath); got '{request.ContentType}', which cannot carry the audio.");
            }

            if (request.HasFormContentType)
            {
                return await ReadMultipartAsync(request, limit, forceRegenerate, cancellationToken).ConfigureAwait(false);
            }

            if (request.HasJsonContentType())
            {
                return await ReadJsonAsync(request, limit, forceRegenerate, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw ApiProblemException.TooLarge($"The request body exceeds the limit of {limit.MaxUploadBytes} bytes of audio plus {MultipartOverheadBytes} bytes of form (KARAOKE_MAX_UPLOAD_BYTES).");
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            throw ApiProblemException.BadRequest($"The request body could not be read: {ex.Message}");
        }

        throw new ApiProblemException(
            StatusCodes.Status415UnsupportedMediaType,
            "Unsupported media type",
            $"POST /align takes multipart/form-data (audio in a part named 'audio') or application/json (with vocalsPath); got '{request.ContentType ?? "no content type"}'.");
    }

    /// <summary>The multipart form: fields and the streamed 'audio' part (<see cref="StreamedForm"/>), then the same validation as JSON.</summary>
    private async Task<AlignRequestInput> ReadMultipartAsync(HttpRequest request, ServiceLimitsOptions limit, bool force, CancellationToken cancellationToken)
    {
        using var form = await StreamedForm.ReadAsync(
            request,
            uploads,
            new StreamedFormLimits(limit.MaxUploadBytes, limit.MaxUploadBytes + MultipartOverheadBytes, Math.Max(4 * limit.MaxLyricsCharacters, 64 * 1024), MaxFormFields),
            cancellationToken).ConfigureAwait(false);
        if (form.AudioPath is not { } audioPath)
        {
            throw ApiProblemException.Invalid("audio", "The multipart request has no file part named 'audio' (the separated vocals).");
        }

        if (form.AudioBytes == 0)
        {
            throw ApiProblemException.Invalid("audio", $"The uploaded audio '{form.AudioName}' is empty (0 bytes).");
        }

        IReadOnlyList<SyncedLineDto>? synced = null;
        if (form.Field("synced_lines") is { } syncedJson)
        {
            try
            {
                synced = JsonSerializer.Deserialize<List<SyncedLineDto>>(syncedJson, JsonOptions)
                    ?? throw ApiProblemException.Invalid("synced_lines", "synced_lines is null; send a JSON array of {text, startTimeMs, endTimeMs}.");
            }
            catch (JsonException ex)
            {
                throw ApiProblemException.Invalid("synced_lines", $"synced_lines is not a JSON array of {{text, startTimeMs, endTimeMs}}: {JsonErrors.Describe(ex)}");
            }
        }

        var body = new AlignJsonRequest
        {
            SpotifyTrackId = form.Field("spotify_track_id"),
            YoutubeVideoId = form.Field("youtube_video_id"),
            Language = form.Field("language"),
            LyricsText = form.Field("lyrics_text"),
            Lrc = form.Field("lrc"),
            SyncedLines = synced,
            ArtistName = form.Field("artist_name"),
            TrackName = form.Field("track_name"),
            ForceRegenerate = ParseBool(form.Field("force_regenerate")),
        };
        var (key, language, lyrics, lyricsText) = Validate(body, limit);
        CheckTimesWithinAudio(lyrics, audioPath, cancellationToken);
        var input = new AlignmentInput(key, language, lyrics, lyricsText, new AudioInput(form.TakeAudio(), temporary: true), body.ArtistName, body.TrackName, force || body.ForceRegenerate == true);
        return new AlignRequestInput(input, form.AudioName!);
    }

    private async Task<AlignRequestInput> ReadJsonAsync(HttpRequest request, ServiceLimitsOptions limit, bool force, CancellationToken cancellationToken)
    {
        AlignJsonRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<AlignJsonRequest>(JsonOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw ApiProblemException.BadRequest(JsonErrors.Describe(ex));
        }

        if (body is null)
        {
            throw ApiProblemException.BadRequest("The JSON body is empty (null).");
        }

        var (key, language, lyrics, lyricsText) = Validate(body, limit);
        if (string.IsNullOrWhiteSpace(body.VocalsPath))
        {
            throw ApiProblemException.Invalid("vocalsPath", "A JSON request needs vocalsPath (a file under the vocals root); to send the audio itself, use multipart/form-data with a part named 'audio'.");
        }

        var root = string.IsNullOrWhiteSpace(limit.VocalsRoot) ? null : Options.EnvironmentOptionsValidator.ResolvePath(environment, limit.VocalsRoot);
        var path = VocalsPathResolver.Resolve(root, body.VocalsPath);
        var size = new FileInfo(path).Length;
        if (size > limit.MaxUploadBytes)
        {
            throw ApiProblemException.TooLarge($"The vocals file is {size} bytes; the limit is {limit.MaxUploadBytes} bytes (KARAOKE_MAX_UPLOAD_BYTES).");
        }

        if (size == 0)
        {
            throw ApiProblemException.Invalid("vocalsPath", $"The vocals file '{Path.GetFileName(path)}' is empty (0 bytes) or not a regular file.");
        }

        CheckTimesWithinAudio(lyrics, path, cancellationToken);
        var input = new AlignmentInput(key, language, lyrics, lyricsText, new AudioInput(path, temporary: false), body.ArtistName, body.TrackName, force || body.ForceRegenerate == true);
        return new AlignRequestInput(input, Path.GetFileName(path));
    }

    /// <summary>
    /// Lines that carry times (synced_lines, LRC) must start before the audio ends: the container's declared duration
    /// (ffprobe, no decoding) is the reference. Audio whose duration cannot be read is left to the decoder.
    /// </summary>
    private void CheckTimesWithinAudio(Lyrics lyrics, string audioPath, CancellationToken cancellationToken)
    {
        var last = lyrics.Lines.Select((line, index) => (line, index)).LastOrDefault(l => l.line.StartMs is not null);
        if (last.line is null || probe.DurationSeconds(audioPath, cancellationToken) is not { } seconds)
        {
            return;
        }

        var durationMs = (long)(seconds * 1000);
        var late = lyrics.Lines.Select((line, index) => (line, index)).FirstOrDefault(l => l.line.StartMs >= durationMs);
        if (late.line is not null)
        {
            throw ApiProblemException.Invalid(
                "lyrics",
                $"Lyric line {late.index + 1} ('{Shorten(late.line.Text)}') starts at {late.line.StartMs} ms, after the end of the audio ({durationMs} ms): the timed lyrics do not belong to this audio.");
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static (TrackKey Key, string Language, Lyrics Lyrics, string LyricsText) Validate(AlignJsonRequest body, ServiceLimitsOptions limit)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.SpotifyTrackId) || !SpotifyId().IsMatch(body.SpotifyTrackId))
        {
            errors["spotify_track_id"] = ["spotify_track_id is required: 1 to 64 letters, digits, '-' or '_'."];
        }

        var youtube = string.IsNullOrWhiteSpace(body.YoutubeVideoId) ? null : body.YoutubeVideoId.Trim();
        if (youtube is not null && !YoutubeId().IsMatch(youtube))
        {
            errors["youtube_video_id"] = ["youtube_video_id must be 1 to 32 letters, digits, '-' or '_'."];
        }

        var language = LanguageCode.Read(body.Language);
        if (LanguageCode.Problem(language) is { } languageProblem)
        {
            errors["language"] = [languageProblem];
        }

        var given = new[] { body.LyricsText is not null, body.Lrc is not null, body.SyncedLines is not null }.Count(x => x);
        var lookUp = given == 0 && !string.IsNullOrWhiteSpace(body.ArtistName) && !string.IsNullOrWhiteSpace(body.TrackName);
        if (given != 1 && !lookUp)
        {
            errors["lyrics"] = [given == 0
                ? "Give the lyrics in one of lyrics_text, lrc or synced_lines (or artist_name and track_name to look them up on LRCLib)."
                : "Give the lyrics in only one of lyrics_text, lrc or synced_lines."];
        }

        foreach (var (field, text) in new[]
                 {
                     ("lyrics_text", body.LyricsText), ("lrc", body.Lrc), ("artist_name", body.ArtistName), ("track_name", body.TrackName),
                 }.Concat((body.SyncedLines ?? []).Select((line, i) => ($"synced_lines[{i}].text", line?.Text))))
        {
            if (!errors.ContainsKey(field.Split('[')[0]) && TextHygiene.Problem(field, text) is { } textProblem)
            {
                errors[field.Split('[')[0]] = [textProblem];
            }
        }

        if (errors.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Invalid request", string.Join(" ", errors.Values.SelectMany(v => v)), errors: errors);
        }

        if (lookUp)
        {
            // No lyrics but artist and track: the coordinator asks LRCLib once the audio's duration is known.
            return (new TrackKey(body.SpotifyTrackId!, youtube), language, new Lyrics([]), string.Empty);
        }

        var characters = body.LyricsText?.Length ?? body.Lrc?.Length ?? body.SyncedLines!.Sum(l => l?.Text?.Length ?? 0);
        if (characters > limit.MaxLyricsCharacters)
        {
            throw ApiProblemException.Invalid("lyrics", $"The lyrics have {characters} characters; the limit is {limit.MaxLyricsCharacters} (KARAOKE_MAX_LYRICS_CHARS).");
        }

        try
        {
            if (body.SyncedLines is { } synced)
            {
                var lyrics = FromSyncedLines(synced) with { Language = language };
                return (new TrackKey(body.SpotifyTrackId!, youtube), language, lyrics, string.Join('\n', lyrics.Lines.Select(l => l.Text)));
            }

            var text = body.LyricsText ?? body.Lrc!;
            // The language tells the aligner how sung numbers are spelled out ("99" → "quatre-vingt-dix-neuf").
            var parsed = LyricsReader.Parse(text, body.LyricsText is not null ? LyricsFormat.Plain : LyricsFormat.Lrc) with { Language = language };
            return (new TrackKey(body.SpotifyTrackId!, youtube), language, parsed, string.Join('\n', parsed.Lines.Select(l => l.Text)));
        }
        catch (LyricsFormatException ex)
        {
            throw ApiProblemException.Invalid(body.SyncedLines is not null ? "synced_lines" : body.LyricsText is not null ? "lyrics_text" : "lrc", ex.Message);
        }
    }

    /// <summary>LRCLib lines → lyric lines with their own times; empty lines (instrumental markers) are dropped.</summary>
    internal static Lyrics FromSyncedLines(IReadOnlyList<SyncedLineDto> synced)
    {
        var lines = new List<LyricLine>();
        var previousStart = -1;
        for (var i = 0; i < synced.Count; i++)
        {
            var line = synced[i] ?? throw new LyricsFormatException($"synced_lines[{i}] is null.");
            if (line.StartTimeMs < 0 || (line.EndTimeMs is { } end && end <= line.StartTimeMs))
            {
                throw new LyricsFormatException($"synced_lines[{i}] has startTimeMs {line.StartTimeMs} and endTimeMs {line.EndTimeMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}: times must be ≥ 0 with end after start.");
            }

            if (line.StartTimeMs < previousStart)
            {
                throw new LyricsFormatException($"synced_lines[{i}] starts at {line.StartTimeMs} ms, before the previous line ({previousStart} ms): lines must be in time order.");
            }

            previousStart = line.StartTimeMs;
            var words = WordSplitter.Split(line.Text ?? string.Empty);
            if (words.Count > 0)
            {
                lines.Add(new LyricLine(words.Select(w => new LyricWord(w)).ToArray(), 0, line.StartTimeMs, line.EndTimeMs));
            }
        }

        if (lines.Count == 0)
        {
            throw new LyricsFormatException("synced_lines contain no words: there is nothing to align.");
        }

        return new Lyrics(lines);
    }

    private static bool? ParseBool(string? value) => value is null ? null
        : value.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw ApiProblemException.Invalid("force_regenerate", $"force_regenerate '{value}' is not a boolean (true or false)."),
        };
}

/// <summary>A read request: the validated input, and how to name its audio to the client (never the server's temp name).</summary>
public sealed record AlignRequestInput(AlignmentInput Input, string AudioName);

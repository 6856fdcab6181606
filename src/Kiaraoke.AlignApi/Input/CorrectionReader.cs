using System.Text.Json;
using Kiaraoke.AlignApi.Contracts;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Input;

/// <summary>
/// Turns the body of PUT /timestamps/{id}/words into a <c>user_corrected</c> entry, or a 400 problem that says exactly
/// which field is wrong. It checks the same timing contract as computed results (trimmed words, strictly increasing,
/// no overlap, end after start, lines spanning their words), so nothing is stored unless all of it is valid.
/// </summary>
public static class CorrectionReader
{
    /// <summary>The most words one correction may carry (a long song has a few thousand).</summary>
    public const int MaxWords = 20_000;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true };

    public static async Task<StoredTimestamps> ReadAsync(
        HttpRequest request, TrackKey key, AlignmentOptions alignment, PersistenceOptions persistence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", 
                $"PUT …/words does not accept the content type '{request.ContentType ?? "none"}': send the corrected words as application/json, or a karaoke file's text with ?format=lrc|ass|ttml|ultrastar.");
        }

        CorrectedTimestampsRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<CorrectedTimestampsRequest>(JsonOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw ApiProblemException.BadRequest(JsonErrors.Describe(ex));
        }

        if (body is null)
        {
            throw ApiProblemException.BadRequest("The JSON body is empty (null).");
        }

        return Build(body, key, alignment, persistence, now);
    }

    /// <summary>Checks a correction (however it arrived) and makes the entry to store; a 400 problem names what is wrong.</summary>
    public static StoredTimestamps Build(CorrectedTimestampsRequest body, TrackKey key, AlignmentOptions alignment, PersistenceOptions persistence, DateTimeOffset now)
    {
        var language = LanguageCode.Read(body.Language);
        if (LanguageCode.Problem(language) is { } languageProblem)
        {
            throw ApiProblemException.Invalid("language", languageProblem);
        }

        foreach (var (field, text) in new[] { ("artist_name", body.ArtistName), ("track_name", body.TrackName) })
        {
            if (TextHygiene.Problem(field, text) is { } textProblem)
            {
                throw ApiProblemException.Invalid(field, textProblem);
            }
        }

        var lines = ToLines(body);
        var words = lines.Sum(l => l.Words.Count);
        var lastEnd = lines[^1].Words[^1].EndMs;
        if (body.DurationMs is < 1)
        {
            throw ApiProblemException.Invalid("duration_ms", $"duration_ms must be positive; got {body.DurationMs}.");
        }

        var problems = TimingContractValidator.Validate(lines, body.DurationMs ?? lastEnd);
        if (problems.Count > 0)
        {
            var shown = string.Join(" ", problems.Take(5)) + (problems.Count > 5 ? $" (and {problems.Count - 5} more)" : string.Empty);
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Invalid request", "The corrected words break the timing contract: " + shown,
                errors: new Dictionary<string, string[]> { ["lines"] = [.. problems] });
        }

        var ttl = TimestampSources.TimeToLive(TimestampSources.UserCorrected, persistence);
        return new StoredTimestamps(
            key,
            TimestampSources.UserCorrected,
            language,
            "user",
            alignment.EngineVersion,
            0,
            null,
            lines,
            Math.Round(lines.SelectMany(l => l.Words).Average(w => w.Confidence), 3),
            words,
            lastEnd,
            string.IsNullOrWhiteSpace(body.ArtistName) ? null : body.ArtistName.Trim(),
            string.IsNullOrWhiteSpace(body.TrackName) ? null : body.TrackName.Trim(),
            now,
            ttl is { } t ? now.Add(t) : null,
            PostprocessFlagSet.None);
    }

    private static AlignedLine[] ToLines(CorrectedTimestampsRequest body)
    {
        if (body.Lines is not { Count: > 0 } lines)
        {
            throw ApiProblemException.Invalid("lines", "lines is required: a non-empty array of {startMs, endMs, text, words: [{word, startMs, endMs, confidence?}]}.");
        }

        var result = new AlignedLine[lines.Count];
        var total = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is not { Words: { Count: > 0 } words } line)
            {
                throw ApiProblemException.Invalid($"lines[{i}].words", $"lines[{i}] needs a non-empty words array.");
            }

            total += words.Count;
            if (total > MaxWords)
            {
                throw ApiProblemException.Invalid("lines", $"A correction carries at most {MaxWords} words.");
            }

            var aligned = new AlignedWord[words.Count];
            for (var j = 0; j < words.Count; j++)
            {
                var path = $"lines[{i}].words[{j}]";
                if (words[j] is not { } word)
                {
                    throw ApiProblemException.Invalid(path, $"{path} is null.");
                }

                if (word.Word is null || word.StartMs is null || word.EndMs is null)
                {
                    throw ApiProblemException.Invalid(path, $"{path} needs word, startMs and endMs (integer milliseconds).");
                }

                if (TextHygiene.Problem($"{path}.word", word.Word) is { } wordProblem)
                {
                    throw ApiProblemException.Invalid(path, wordProblem);
                }

                aligned[j] = new AlignedWord(word.Word, word.StartMs.Value, word.EndMs.Value, word.Confidence ?? 1.0, WordTimingSource.Acoustic);
            }

            if (TextHygiene.Problem($"lines[{i}].text", line.Text) is { } textProblem)
            {
                throw ApiProblemException.Invalid($"lines[{i}].text", textProblem);
            }

            var text = string.IsNullOrWhiteSpace(line.Text) ? string.Join(' ', aligned.Select(w => w.Word)) : line.Text.Trim();
            result[i] = new AlignedLine(line.StartMs ?? aligned[0].StartMs, line.EndMs ?? aligned[^1].EndMs, text, aligned);
        }

        return result;
    }
}

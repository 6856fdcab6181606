using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>The output of a Whisper tier: contract-valid lines, and where they came from.</summary>
public sealed record WhisperAlignment(AsrMappingResult Mapping, int DurationMs, string Source, string ModelVersion, string? Language)
{
    public IReadOnlyList<AlignedLine> Lines => Mapping.Lines;

    public double ConfidenceAverage => Mapping.WordCount == 0 ? 0 : Lines.SelectMany(l => l.Words).Average(w => w.Confidence);
}

/// <summary>
/// One Whisper tier end to end: transcribe with the back end (lyrics as prompt), then map the words onto the known
/// lyrics (or emit them as they are without lyrics) and check the timing contract. Every failure is an
/// <see cref="AsrBackendException"/> with a reason, which the router records as the next tier's fallback reason.
/// </summary>
public sealed class WhisperTierAligner(ISpeechToText backend, IOptions<WhisperFallbackOptions> options, ILogger<WhisperTierAligner> logger)
{
    public ISpeechToText Backend { get; } = backend;

    public async Task<WhisperAlignment> AlignAsync(
        string audioPath, int durationMs, Lyrics? lyrics, string? lyricsText, string? language, CancellationToken cancellationToken)
    {
        var transcript = await Backend.TranscribeAsync(new AsrRequest(audioPath, durationMs / 1000.0, language, lyricsText), cancellationToken);
        var mapping = MapTranscript(transcript, lyrics, durationMs, options.Value, Backend.Name, logger);
        return new WhisperAlignment(mapping, durationMs, Backend.Name, Backend.ModelVersion, NormalizeLanguage(transcript.Language) ?? language);
    }

    /// <summary>Maps a transcription onto the lyrics (none: the words heard) and refuses what cannot be karaoke.</summary>
    public static AsrMappingResult MapTranscript(
        AsrTranscript transcript, Lyrics? lyrics, int durationMs, WhisperFallbackOptions options, string backend, ILogger logger)
    {
        var withLyrics = lyrics is { WordCount: > 0 };
        AsrMappingResult mapping;
        try
        {
            mapping = AsrLyricsMapper.Map(withLyrics ? lyrics : null, transcript, durationMs);
        }
        catch (Exception e) when (e is AsrMappingException or TimingContractException)
        {
            throw Fail(logger, new AsrBackendException(backend, AsrFailureReasons.NoWords, e.Message, e));
        }

        if (withLyrics && mapping.MatchedRatio < options.MinMatchedRatio)
        {
            throw Fail(logger, new AsrBackendException(
                backend,
                AsrFailureReasons.NoWords,
                $"only {mapping.MatchedWords} of {mapping.WordCount} lyric words were heard (under {options.MinMatchedRatio:P0})"));
        }

        var problems = TimingContractValidator.Validate(mapping.Lines, durationMs);
        if (problems.Count > 0)
        {
            throw Fail(logger, new AsrBackendException(backend, AsrFailureReasons.MalformedResponse, "timing contract: " + problems[0]));
        }

        return mapping;
    }

    private static AsrBackendException Fail(ILogger logger, AsrBackendException e)
    {
        FallbackLog.BackendFailed(logger, e.Backend, e.Reason, e.Message);
        return e;
    }

    // Groq's verbose_json names the language ("French"); whisper-asr-webservice gives the code. Keep ISO 639-1 only.
    private static string? NormalizeLanguage(string? language) => language switch
    {
        null => null,
        { Length: 2 } code => code.ToLowerInvariant(),
        _ => LanguageNames.TryGetValue(language.Trim(), out var code) ? code : null,
    };

    private static readonly Dictionary<string, string> LanguageNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["french"] = "fr", ["english"] = "en", ["spanish"] = "es", ["german"] = "de", ["italian"] = "it", ["portuguese"] = "pt",
        ["dutch"] = "nl", ["japanese"] = "ja", ["korean"] = "ko", ["chinese"] = "zh", ["arabic"] = "ar", ["russian"] = "ru",
    };
}

using System.Text.Json;
namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// Reads a Whisper JSON answer, whichever server wrote it: words at the top level (<c>words[]</c>, OpenAI/Groq
/// verbose_json) or inside segments (<c>segments[].words[]</c>, faster-whisper as served by whisper-asr-webservice);
/// text from <c>word</c> or <c>text</c>, probability from <c>probability</c> or <c>confidence</c> when present.
/// Every time goes through <see cref="AsrTimeUnitGuard"/>: seconds are kept, milliseconds converted, anything else
/// refused — words and segments must agree on their unit. Used by the service's Tier 2/3 clients and by the bench's
/// Whisper engine; an answer that cannot be read throws <see cref="WhisperAnswerException"/>.
/// </summary>
public static class WhisperAnswerReader
{
    public static (AsrTranscript Transcript, AsrTimeVerdict Verdict) Read(string body, double durationSeconds)
    {
        List<RawWord> words;
        List<RawSegment> segments;
        string? language;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WhisperAnswerException(WhisperAnswerProblem.Malformed, $"expected a JSON object, got {root.ValueKind}");
            }

            language = root.TryGetProperty("language", out var lang) && lang.ValueKind == JsonValueKind.String ? lang.GetString() : null;
            segments = [];
            words = [];
            if (root.TryGetProperty("segments", out var segs) && segs.ValueKind == JsonValueKind.Array)
            {
                foreach (var segment in segs.EnumerateArray())
                {
                    segments.Add(new RawSegment(Number(segment, "start"), Number(segment, "end"), Text(segment, "text") ?? string.Empty));
                    if (segment.TryGetProperty("words", out var inner) && inner.ValueKind == JsonValueKind.Array)
                    {
                        words.AddRange(inner.EnumerateArray().Select(Word));
                    }
                }
            }

            if (root.TryGetProperty("words", out var top) && top.ValueKind == JsonValueKind.Array && words.Count == 0)
            {
                words.AddRange(top.EnumerateArray().Select(Word));
            }
        }
        catch (JsonException e)
        {
            throw new WhisperAnswerException(WhisperAnswerProblem.Malformed, "the answer is not valid JSON", e);
        }

        var wordVerdict = AsrTimeUnitGuard.Check(words.SelectMany(w => new[] { w.Start, w.End }).ToArray(), durationSeconds);
        var segmentVerdict = AsrTimeUnitGuard.Check(segments.SelectMany(s => new[] { s.Start, s.End }).ToArray(), durationSeconds);
        if (!wordVerdict.Accepted)
        {
            throw new WhisperAnswerException(WhisperAnswerProblem.TimeUnitRefused, $"word times refused: {wordVerdict.Refusal}");
        }

        if (!segmentVerdict.Accepted)
        {
            throw new WhisperAnswerException(WhisperAnswerProblem.TimeUnitRefused, $"segment times refused: {segmentVerdict.Refusal}");
        }

        if (words.Count > 0 && segments.Count > 0 && wordVerdict.Unit != segmentVerdict.Unit)
        {
            throw new WhisperAnswerException(WhisperAnswerProblem.TimeUnitRefused, $"words in {wordVerdict.Unit} but segments in {segmentVerdict.Unit}");
        }

        var transcript = new AsrTranscript(
            words.Select(w => new AsrWord(w.Text, wordVerdict.ToSeconds(w.Start), wordVerdict.ToSeconds(w.End), w.Probability)).ToArray(),
            segments.Select(s => new AsrSegment(segmentVerdict.ToSeconds(s.Start), segmentVerdict.ToSeconds(s.End), s.Text.Trim())).ToArray(),
            language);
        return (transcript, words.Count > 0 ? wordVerdict : segmentVerdict);
    }

    private static RawWord Word(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new WhisperAnswerException(WhisperAnswerProblem.Malformed, "a word is not a JSON object");
        }

        var text = Text(element, "word") ?? Text(element, "text") ?? string.Empty;
        double? probability = null;
        if (element.TryGetProperty("probability", out var p) && p.ValueKind == JsonValueKind.Number)
        {
            probability = p.GetDouble();
        }
        else if (element.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number)
        {
            probability = c.GetDouble();
        }

        return new RawWord(text, Number(element, "start"), Number(element, "end"), probability);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new WhisperAnswerException(WhisperAnswerProblem.Malformed, $"'{name}' is missing or not a number");

    private readonly record struct RawWord(string Text, double Start, double End, double? Probability);

    private readonly record struct RawSegment(double Start, double End, string Text);
}

using System.Text.Json;
using Kiaraoke.Alignment.AsrMapping;

namespace Kiaraoke.Cli.Bench.Whisper;

/// <summary>
/// Reads a Whisper JSON answer by the service's rules (its host-side WhisperResponseReader, which the Cli cannot
/// reference): words from <c>segments[].words[]</c> (faster-whisper) or else the top-level <c>words[]</c>
/// (OpenAI/Groq verbose_json); text from <c>word</c> or <c>text</c>; probability from <c>probability</c> or
/// <c>confidence</c>; every time through <see cref="AsrTimeUnitGuard"/> (seconds kept, milliseconds converted,
/// anything else refused), words and segments in one unit.
/// </summary>
internal static class WhisperJsonReader
{
    public static AsrTranscript Read(string body, double durationSeconds)
    {
        var words = new List<(string Text, double Start, double End, double? Probability)>();
        var segments = new List<(double Start, double End, string Text)>();
        string? language;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WhisperServerException($"expected a JSON object, got {root.ValueKind}");
            }

            language = root.TryGetProperty("language", out var lang) && lang.ValueKind == JsonValueKind.String ? lang.GetString() : null;
            if (root.TryGetProperty("segments", out var segs) && segs.ValueKind == JsonValueKind.Array)
            {
                foreach (var segment in segs.EnumerateArray())
                {
                    segments.Add((Number(segment, "start"), Number(segment, "end"), Text(segment, "text") ?? string.Empty));
                    if (segment.TryGetProperty("words", out var inner) && inner.ValueKind == JsonValueKind.Array)
                    {
                        words.AddRange(inner.EnumerateArray().Select(Word));
                    }
                }
            }

            if (words.Count == 0 && root.TryGetProperty("words", out var top) && top.ValueKind == JsonValueKind.Array)
            {
                words.AddRange(top.EnumerateArray().Select(Word));
            }
        }
        catch (JsonException e)
        {
            throw new WhisperServerException("the answer is not valid JSON", e);
        }

        var wordUnit = AsrTimeUnitGuard.Check(words.SelectMany(w => new[] { w.Start, w.End }).ToArray(), durationSeconds);
        var segmentUnit = AsrTimeUnitGuard.Check(segments.SelectMany(s => new[] { s.Start, s.End }).ToArray(), durationSeconds);
        if (!wordUnit.Accepted || !segmentUnit.Accepted)
        {
            throw new WhisperServerException($"times refused: {wordUnit.Refusal ?? segmentUnit.Refusal}");
        }

        if (words.Count > 0 && segments.Count > 0 && wordUnit.Unit != segmentUnit.Unit)
        {
            throw new WhisperServerException($"words in {wordUnit.Unit} but segments in {segmentUnit.Unit}");
        }

        return new AsrTranscript(
            words.Select(w => new AsrWord(w.Text, wordUnit.ToSeconds(w.Start), wordUnit.ToSeconds(w.End), w.Probability)).ToArray(),
            segments.Select(s => new AsrSegment(segmentUnit.ToSeconds(s.Start), segmentUnit.ToSeconds(s.End), s.Text.Trim())).ToArray(),
            language);
    }

    private static (string Text, double Start, double End, double? Probability) Word(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new WhisperServerException("a word is not a JSON object");
        }

        double? probability = null;
        if (element.TryGetProperty("probability", out var p) && p.ValueKind == JsonValueKind.Number)
        {
            probability = p.GetDouble();
        }
        else if (element.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number)
        {
            probability = c.GetDouble();
        }

        return (Text(element, "word") ?? Text(element, "text") ?? string.Empty, Number(element, "start"), Number(element, "end"), probability);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new WhisperServerException($"'{name}' is missing or not a number");
}

using System.Text.Json;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

/// <summary>Answers shaped like the real servers: faster-whisper JSON (shared-whisper) and Groq's verbose_json.</summary>
internal static class WhisperPayloads
{
    public static readonly (string Word, double Start, double End)[] Greeting =
    [
        (" [Musique]", 0.0, 0.4), (" Bonjour", 0.5, 0.9), (" toi,", 1.0, 1.3), (" comment", 1.5, 1.9), (" ça", 2.0, 2.2), (" va", 2.2, 2.6),
    ];

    /// <summary>whisper-asr-webservice <c>output=json</c>: segments holding their words with probabilities; times × <paramref name="scale"/>.</summary>
    public static string SharedWhisper((string Word, double Start, double End)[] words, double scale = 1, string language = "fr") =>
        JsonSerializer.Serialize(new
        {
            language,
            text = string.Concat(words.Select(w => w.Word)),
            segments = words.Chunk(3).Select((chunk, i) => new
            {
                id = i,
                seek = 0,
                start = chunk[0].Start * scale,
                end = chunk[^1].End * scale,
                text = string.Concat(chunk.Select(w => w.Word)),
                tokens = new[] { 50364, 1234 },
                avg_logprob = -0.3,
                compression_ratio = 1.2,
                no_speech_prob = 0.01,
                temperature = 0.0,
                words = chunk.Select(w => new { start = w.Start * scale, end = w.End * scale, word = w.Word, probability = 0.87 }),
            }),
        });

    /// <summary>Groq verbose_json: top-level words without probability, segments apart, an <c>x_groq</c> id.</summary>
    public static string Groq((string Word, double Start, double End)[] words, double scale = 1) =>
        JsonSerializer.Serialize(new
        {
            task = "transcribe",
            language = "French",
            duration = 3.0,
            text = string.Concat(words.Select(w => w.Word)),
            segments = words.Chunk(3).Select((chunk, i) => new
            {
                id = i,
                seek = 0,
                start = chunk[0].Start * scale,
                end = chunk[^1].End * scale,
                text = string.Concat(chunk.Select(w => w.Word)),
                tokens = Array.Empty<int>(),
                temperature = 0,
                avg_logprob = -0.2,
                compression_ratio = 1.1,
                no_speech_prob = 0.02,
            }),
            words = words.Select(w => new { word = w.Word.Trim(), start = w.Start * scale, end = w.End * scale }),
            x_groq = new { id = "req_test" },
        });
}

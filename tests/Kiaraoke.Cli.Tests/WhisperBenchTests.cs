using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Kiaraoke.Alignment;
using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.VoiceActivity;
using Kiaraoke.Cli.Bench;
using Kiaraoke.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kiaraoke.Cli.Tests;

/// <summary>
/// <c>kiaraoke bench --engine whisper</c> against local stand-ins speaking the exact shared-whisper and Groq protocols,
/// on a one-song golden set (the committed synthetic sample): the request each server sees, the ASR words mapped onto
/// the lyrics, the scored report, and the V1 (whisper) vs V2 (ctc) comparison; plus the per-song diagnostic figures.
/// </summary>
public sealed class WhisperBenchTests : IDisposable
{
    private const string SongId = "synth_fr_000_vmr+00";

    private const string Lyrics = "appliquer de nombreuses corrections de bogues tels que c'est précisé plus haut";

    private const double StartShift = 0.10;

    private const double EndShift = 0.05;

    private static readonly string Sample = Path.Combine(RepoPaths.Root, "tools", "synth-singing", "sample");

    private readonly string _dir = Directory.CreateTempSubdirectory("kiaraoke-whisper-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "out");

    private static string AudioPath => Path.Combine(Sample, SongId, "audio.mp3");

    // The sample's annotated words (text, start, end), read as the bench reads them.
    private static IReadOnlyList<ReferenceWord> Reference => GoldenSetReader.Read(Sample).Single().Words;

    /// <summary>
    /// What the stand-in "hears": every lyric word StartShift late and EndShift late at the end, except that "plus" is
    /// not heard, "bogues" comes back as "bogue", and a "[Musique]" tag opens the song.
    /// </summary>
    private static List<(string Word, double Start, double End)> Heard()
    {
        var heard = new List<(string, double, double)> { (" [Musique]", 0.5, 1.0) };
        foreach (var w in Reference)
        {
            if (w.Text == "plus")
            {
                continue;
            }

            heard.Add((" " + (w.Text == "bogues" ? "bogue" : w.Text), w.Start + StartShift, w.End + EndShift));
        }

        return heard;
    }

    // whisper-asr-webservice output=json (faster-whisper): segments of words with probabilities.
    private static string SharedWhisperAnswer(IReadOnlyList<(string Word, double Start, double End)> words) =>
        JsonSerializer.Serialize(new
        {
            language = "fr",
            text = string.Concat(words.Select(w => w.Word)),
            segments = words.Chunk(4).Select((chunk, i) => new
            {
                id = i,
                seek = 0,
                start = chunk[0].Start,
                end = chunk[^1].End,
                text = string.Concat(chunk.Select(w => w.Word)),
                tokens = new[] { 50364, 4321 },
                avg_logprob = -0.25,
                compression_ratio = 1.3,
                no_speech_prob = 0.02,
                temperature = 0.0,
                words = chunk.Select(w => new { start = w.Start, end = w.End, word = w.Word, probability = 0.9 }),
            }),
        });

    // Groq verbose_json: segments without words, top-level words without probability, the language by name.
    private static string GroqAnswer(IReadOnlyList<(string Word, double Start, double End)> words) =>
        JsonSerializer.Serialize(new
        {
            task = "transcribe",
            language = "French",
            duration = 23.0,
            text = string.Concat(words.Select(w => w.Word)),
            segments = words.Chunk(4).Select((chunk, i) => new { id = i, seek = 0, start = chunk[0].Start, end = chunk[^1].End, text = string.Concat(chunk.Select(w => w.Word)), temperature = 0 }),
            words = words.Select(w => new { word = w.Word.Trim(), start = w.Start, end = w.End }),
            x_groq = new { id = "req_stand_in" },
        });

    /// <summary>The shared-whisper stand-in: refuses (422, as FastAPI does) any request not shaped like the service's.</summary>
    private static Task<LocalHttpServer> SharedWhisper(ConcurrentQueue<string> seen, string answer) =>
        LocalHttpServer.StartAsync(app => app.MapPost("/asr", async (HttpContext context) =>
        {
            var query = context.Request.Query;
            var form = await context.Request.ReadFormAsync();
            seen.Enqueue(string.Join(' ', query.Keys.Order(StringComparer.Ordinal).Select(k => $"{k}={query[k]}")));
            seen.Enqueue($"parts={string.Join(',', form.Files.Select(f => f.Name))} fields={form.Count} bytes={form.Files.Sum(f => f.Length)}");
            if (query["output"] != "json" || query["word_timestamps"] != "true" || form.Files["audio_file"] is null)
            {
                context.Response.StatusCode = 422;
                await context.Response.WriteAsync("{\"detail\":\"unprocessable\"}");
                return;
            }

            context.Response.ContentType = "text/plain; charset=utf-8"; // the real server labels its JSON so
            await context.Response.WriteAsync(answer);
        }));

    private static Task<CliRun> Bench(params string[] args) =>
        Task.Run(() => CliRun.Invoke(["bench", "--golden", Sample, "--runs", "1", .. args]));

    private JsonElement Result(string stem) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, stem + ".json"))).RootElement;

    [Fact]
    public async Task Shared_whisper_words_are_mapped_onto_the_lyrics_and_scored()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await SharedWhisper(seen, SharedWhisperAnswer(Heard()));

        var run = await Bench("--engine", "whisper", "--whisper-url", server.Url, "--out", Out);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(
            [
                $"encode=true initial_prompt={Lyrics} language=fr output=json task=transcribe vad_filter=true word_timestamps=true",
                $"parts=audio_file fields=0 bytes={new FileInfo(AudioPath).Length}",
            ],
            seen);

        var json = Result("whisper_none");
        Assert.Equal("shared-whisper", json.GetProperty("model_id").GetString());
        var song = json.GetProperty("songs")[0];
        var outcomes = song.GetProperty("word_outcomes").EnumerateArray().Select(o => o.EnumerateArray().ToArray()).ToArray();
        var reference = Reference;
        Assert.Equal(reference.Count, outcomes.Length);
        for (var i = 0; i < reference.Count; i++)
        {
            var predictedStart = outcomes[i][2].GetDouble();
            var predictedEnd = outcomes[i][3].GetDouble();
            if (reference[i].Text == "plus")
            {
                // Not heard: placed between its heard neighbours.
                Assert.InRange(predictedStart, reference[i - 1].End + EndShift - 0.001, reference[i + 1].Start + StartShift + 0.001);
                Assert.InRange(predictedEnd, predictedStart, reference[i + 1].Start + StartShift + 0.001);
                continue;
            }

            // Heard (also "bogue" for "bogues"): the ASR's own times, to the millisecond.
            Assert.Equal(reference[i].Start + StartShift, predictedStart, 0.001);
            Assert.Equal(reference[i].End + EndShift, predictedEnd, 0.001);
            Assert.Equal(StartShift, outcomes[i][4].GetDouble(), 0.001);
            Assert.Equal(EndShift, outcomes[i][5].GetDouble(), 0.001);
        }

        var metrics = song.GetProperty("metrics");
        double Metric(string key) => metrics.GetProperty(key).GetProperty("mean").GetDouble();
        Assert.Equal(12, Metric("asr_words")); // eleven lyric words and the tag
        Assert.Equal(1, Metric("asr_hallucinations_removed"));
        Assert.Equal(11.0 / 12, Metric("asr_matched_ratio"), 1e-4);
        Assert.Equal(0, Metric("service_refuses"));
        Assert.Equal(0, Metric("missing"));

        var summary = File.ReadAllText(Path.Combine(Out, "SUMMARY.md"));
        Assert.Contains("| whisper | shared-whisper | none |", summary);
        Assert.Contains("| whisper | none | 2 / 8 / 2 / 1 | 0.100 (+0.100) |", summary); // both line openers heard 100 ms late
        Assert.True(new FileInfo(Path.Combine(Out, "whisper_none_songs", "synth_fr_000_vmr_00.png")).Length > 0);
    }

    [Fact]
    public async Task Groq_protocol_gets_a_bearer_key_openai_style_multipart_and_a_retry_after_429()
    {
        var seen = new ConcurrentDictionary<string, string>();
        var calls = 0;
        var answer = GroqAnswer(Heard());
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost("/openai/v1/audio/transcriptions", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "0";
                return;
            }

            if (context.Request.Headers.Authorization != "Bearer gsk_stand_in")
            {
                context.Response.StatusCode = 401;
                return;
            }

            seen["fields"] = string.Join(' ', form.Keys.Order(StringComparer.Ordinal).Select(k => $"{k}={form[k]}"));
            var file = form.Files["file"]!;
            using var reader = new BinaryReader(file.OpenReadStream());
            var header = reader.ReadBytes(44);
            seen["file"] = $"{file.FileName} {file.ContentType} {System.Text.Encoding.ASCII.GetString(header, 0, 4)} {BitConverter.ToInt32(header, 24)} Hz {BitConverter.ToInt16(header, 22)} ch {file.Length} bytes";
            await context.Response.WriteAsJsonAsync(JsonDocument.Parse(answer).RootElement);
        }));

        var run = await Bench("--engine", "whisper", "--whisper-protocol", "groq", "--whisper-url", server.Url, "--whisper-key", "gsk_stand_in", "--tag", "groq", "--out", Out);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(2, calls);
        Assert.Equal($"language=fr model=whisper-large-v3-turbo prompt={Lyrics} response_format=verbose_json temperature=0 timestamp_granularities[]=word,segment", seen["fields"]);
        var decoded = new FfmpegAudioDecoder().Decode(AudioPath, CancellationToken.None);
        Assert.Equal($"audio.wav audio/wav RIFF 16000 Hz 1 ch {44 + (decoded.SampleCount * 2)} bytes", seen["file"]);

        var json = Result("whisper-groq_none");
        Assert.Equal("groq:whisper-large-v3-turbo", json.GetProperty("model_id").GetString());
        var first = json.GetProperty("songs")[0].GetProperty("word_outcomes")[0];
        Assert.Equal(Reference[0].Start + StartShift, first[2].GetDouble(), 0.001);
        Assert.Equal(StartShift, json.GetProperty("pooled").GetProperty("first_start_aae").GetDouble(), 0.001);
    }

    [Fact]
    public async Task Ctc_is_compared_with_whisper_on_the_same_words_and_each_gets_its_diagnostic_figure()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await SharedWhisper(seen, SharedWhisperAnswer(Heard()));

        var whisper = await Bench("--engine", "whisper", "--whisper-url", server.Url, "--out", Out);
        var ctc = await Bench("--engine", "ctc", "--model", RepoPaths.ToneModel, "--out", Out);

        Assert.True(whisper.ExitCode == 0, whisper.Stderr);
        Assert.True(ctc.ExitCode == 0, ctc.Stderr);
        var summary = File.ReadAllText(Path.Combine(Out, "SUMMARY.md"));
        Assert.Contains("Against Whisper mapped onto the lyrics (V1", summary);
        var row = summary.Split('\n').Single(l => l.StartsWith("| ctc | none | whisper (shared-whisper) |", StringComparison.Ordinal));
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        var ctcAae = Result("ctc_none").GetProperty("pooled").GetProperty("start_aae").GetDouble();
        var whisperAae = Result("whisper_none").GetProperty("pooled").GetProperty("start_aae").GetDouble();
        Assert.StartsWith((ctcAae - whisperAae).ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture) + " [", cells[4]);

        foreach (var stem in new[] { "ctc_none", "whisper_none" })
        {
            var png = File.ReadAllBytes(Path.Combine(Out, stem + "_songs", "synth_fr_000_vmr_00.png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
    }

    [Fact]
    public async Task An_answer_the_service_would_refuse_is_still_scored_and_marked()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await SharedWhisper(seen, SharedWhisperAnswer([(" completely", 4.1, 4.6), (" different", 4.7, 5.2), (" words", 5.3, 5.9)]));

        var run = await Bench("--engine", "whisper", "--whisper-url", server.Url, "--out", Out);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("the service would refuse this answer", run.Stderr);
        var metrics = Result("whisper_none").GetProperty("songs")[0].GetProperty("metrics");
        Assert.Equal(1, metrics.GetProperty("service_refuses").GetProperty("mean").GetDouble());
        Assert.True(metrics.GetProperty("asr_matched_ratio").GetProperty("mean").GetDouble() < 0.2);
    }

    [Fact]
    public async Task Whisper_options_are_checked_and_an_unreachable_server_is_one_clear_error()
    {
        var noUrl = await Bench("--engine", "whisper", "--out", Out);
        Assert.Equal(2, noUrl.ExitCode);
        Assert.Contains("--engine whisper needs --whisper-url", noUrl.Stderr);

        var noKey = await Bench("--engine", "whisper", "--whisper-protocol", "groq", "--whisper-url", "http://127.0.0.1:9", "--whisper-key", " ", "--out", Out);
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("needs --whisper-key or GROQ_API_KEY", noKey.Stderr);

        var badProtocol = await Bench("--engine", "whisper", "--whisper-protocol", "openai", "--whisper-url", "http://127.0.0.1:9", "--out", Out);
        Assert.Equal(2, badProtocol.ExitCode);

        var dead = await Bench("--engine", "whisper", "--whisper-url", LocalHttpServer.DeadUrl(), "--out", Out);
        Assert.Equal(6, dead.ExitCode);
        Assert.Contains("error: whisper server: synth_fr_000_vmr+00:", dead.Stderr);
        Assert.Contains("cannot be reached", dead.Stderr);
    }

    [Fact]
    public void The_ctc_engine_aligns_exactly_as_the_aligner_and_exposes_the_voice_activity_its_gate_reads()
    {
        using var model = OnnxEmissionModel.Load(RepoPaths.ToneModel, new OnnxModelOptions());
        var song = GoldenSetReader.Read(Sample).Single();
        var audio = new FfmpegAudioDecoder().Decode(song.AudioPath, CancellationToken.None);
        var lyrics = LineTimes.For(song, LineMode.Lrc, seed: 5);
        var options = new AlignerOptions();

        var bench = new CtcBenchEngine(model, options).Align(song, audio, lyrics, CancellationToken.None);
        var direct = new ForcedAligner(model, model.Vocabulary, options).Align(audio, lyrics, CancellationToken.None);

        Assert.Equal(direct.Words.Select(w => (w.Word, w.StartMs, w.EndMs, w.Confidence)), bench.Result.Words.Select(w => (w.Word, w.StartMs, w.EndMs, w.Confidence)));
        Assert.Equal(direct.Anchors?.LrcOffsetMs, bench.Result.Anchors?.LrcOffsetMs);
        var emissions = EmissionWindowing.Compute(model, audio.Samples, options.Emissions);
        Assert.Equal(FrameVoiceActivity.For(emissions, model.Vocabulary.BlankId), bench.VoiceActivity);
    }
}

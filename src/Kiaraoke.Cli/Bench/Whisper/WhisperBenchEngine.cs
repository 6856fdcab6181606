using System.Diagnostics;
using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Cli.Bench.Whisper;

/// <summary>
/// <c>--engine whisper</c>: the service's Tier 2/3 path on a golden song. The song is transcribed by a Whisper server
/// (<see cref="WhisperServerClient"/>, lyrics as prompt), and the ASR words are mapped onto the known lyrics by
/// <see cref="AsrLyricsMapper.Map"/> with its default options, as the service's Whisper tiers do; the mapped lines
/// are scored like any engine. Where the service would refuse the answer and fall through to its next tier (a mapping
/// error, under <see cref="ServiceMinMatchedRatio"/> of the lyric words heard, or a broken timing contract) the bench
/// still scores what the mapping gave (nothing, after a mapping error) and marks the song <c>service_refuses</c> = 1.
/// The lyrics reach the mapper as the service's would (with their line times under --lines lrc/oracle/jittered;
/// Whisper itself hears only the audio and the prompt). Each song is transcribed once per bench invocation: later
/// runs reuse the answer and its transcription time.
/// </summary>
internal sealed class WhisperBenchEngine(WhisperServerClient client, string modelId, TextWriter log) : IBenchEngine
{
    /// <summary>The service's default <c>Fallbacks:MinMatchedRatio</c>.</summary>
    public const double ServiceMinMatchedRatio = 0.2;

    private readonly Dictionary<string, (AsrTranscript Transcript, TimeSpan Elapsed)> _transcripts = new(StringComparer.Ordinal);

    public string Name => "whisper";

    public string ModelId => modelId;

    public string ModelSha256 => string.Empty;

    public BenchAlignment Align(GoldenSong song, PcmAudio audio, Lyrics lyrics, CancellationToken cancellationToken)
    {
        if (!_transcripts.TryGetValue(song.Id, out var heard))
        {
            var clock = Stopwatch.StartNew();
            var transcript = client.TranscribeAsync(song, audio, cancellationToken).GetAwaiter().GetResult();
            heard = (transcript, clock.Elapsed);
            _transcripts[song.Id] = heard;
        }

        var mapClock = Stopwatch.StartNew();
        AsrMappingResult? mapping = null;
        string? refusal = null;
        try
        {
            mapping = AsrLyricsMapper.Map(lyrics, heard.Transcript, audio.DurationMs);
        }
        catch (Exception e) when (e is AsrMappingException or TimingContractException)
        {
            refusal = e.Message;
        }

        var lines = mapping?.Lines ?? [];
        if (mapping is not null && mapping.MatchedRatio < ServiceMinMatchedRatio)
        {
            refusal = $"only {mapping.MatchedWords} of {mapping.WordCount} lyric words were heard (under {ServiceMinMatchedRatio:P0})";
        }
        else if (mapping is not null && TimingContractValidator.Validate(lines, audio.DurationMs) is { Count: > 0 } problems)
        {
            refusal = "timing contract: " + problems[0];
        }

        if (refusal is not null)
        {
            log.WriteLine($"[bench] whisper {song.Id}: the service would refuse this answer ({refusal})");
        }

        var result = new AlignmentResult(lines, audio.DurationMs, new StageTimings(TimeSpan.Zero, heard.Elapsed, TimeSpan.Zero, mapClock.Elapsed));
        var extras = new Dictionary<string, double>
        {
            ["asr_words"] = heard.Transcript.Words.Count,
            ["asr_matched_ratio"] = mapping?.MatchedRatio ?? 0,
            ["asr_hallucinations_removed"] = mapping?.HallucinationsRemoved ?? 0,
            ["service_refuses"] = refusal is null ? 0 : 1,
        };
        return new BenchAlignment(result, VoiceActivity: null, extras);
    }
}

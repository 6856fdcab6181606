using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;
using Kiaraoke.AlignApi.Fallbacks;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

public sealed class WhisperTierAlignerTests
{
    private const int DurationMs = 10_000;

    /// <summary>A back end answering from memory, or failing with a reason.</summary>
    private sealed class FakeBackend(string name, AsrTranscript? transcript, string? failure = null) : ISpeechToText
    {
        public int Calls { get; private set; }

        public string Name => name;

        public string ModelVersion => name + "-v";

        public bool IsConfigured => true;

        public Task<AsrTranscript> TranscribeAsync(AsrRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            return failure is null ? Task.FromResult(transcript!) : throw new AsrBackendException(name, failure, "down");
        }
    }

    private static readonly AsrTranscript Greeting = new(
        WhisperPayloads.Greeting.Select(w => new AsrWord(w.Word, w.Start, w.End, 0.9)).ToArray(), [], "French");

    private static Task<AsrTranscript> Transcribe(ISpeechToText backend, CancellationToken cancellationToken) =>
        backend.TranscribeAsync(new AsrRequest("a.wav", DurationMs / 1000.0, "fr", null), cancellationToken);

    private static WhisperTierAligner Aligner(ISpeechToText backend, WhisperFallbackOptions? options = null) =>
        new(backend, MsOptions.Create(options ?? new WhisperFallbackOptions()), NullLogger<WhisperTierAligner>.Instance);

    [Fact]
    public async Task Known_lyrics_come_back_timed_from_the_transcription()
    {
        var lyrics = PlainLyricsParser.Parse("Bonjour toi,\nComment ça va ?");

        var result = await Aligner(new FakeBackend("shared_whisper", Greeting)).AlignAsync("a.wav", DurationMs, lyrics, null, "fr", CancellationToken.None);

        Assert.Equal(["Bonjour toi,", "Comment ça va ?"], result.Lines.Select(l => l.Text));
        Assert.Equal(500, result.Lines[0].StartMs);
        Assert.Equal("shared_whisper", result.Source);
        Assert.Equal("shared_whisper-v", result.ModelVersion);
        Assert.Equal("fr", result.Language);
        Assert.DoesNotContain(result.Lines.SelectMany(l => l.Words), w => HallucinationFilter.IsHallucination(w.Word));
    }

    [Fact]
    public async Task Without_lyrics_the_words_heard_are_the_result()
    {
        var result = await Aligner(new FakeBackend("groq_whisper", Greeting)).AlignAsync("a.wav", DurationMs, null, null, "fr", CancellationToken.None);

        Assert.Equal(["Bonjour", "toi,", "comment", "ça", "va"], result.Lines.SelectMany(l => l.Words).Select(w => w.Word));
        Assert.Empty(TimingContractValidator.Validate(result.Lines, DurationMs));
    }

    [Fact]
    public async Task A_transcription_of_another_song_is_refused()
    {
        var lyrics = PlainLyricsParser.Parse("Silence partout dehors maintenant");

        var error = await Assert.ThrowsAsync<AsrBackendException>(() =>
            Aligner(new FakeBackend("shared_whisper", Greeting)).AlignAsync("a.wav", DurationMs, lyrics, null, "fr", CancellationToken.None));
        Assert.Equal(AsrFailureReasons.NoWords, error.Reason);
    }

    [Fact]
    public async Task Music_only_is_refused()
    {
        var music = new AsrTranscript([new AsrWord(" [Musique]", 0, 9, 0.9), new AsrWord(" ♪", 9, 9.5, 0.9)], []);

        var error = await Assert.ThrowsAsync<AsrBackendException>(() =>
            Aligner(new FakeBackend("groq_whisper", music)).AlignAsync("a.wav", DurationMs, null, null, "fr", CancellationToken.None));
        Assert.Equal(AsrFailureReasons.NoWords, error.Reason);
    }

    [Fact]
    public async Task Segment_fallback_uses_the_first_back_end_that_answers()
    {
        AlignedLine[] tier1 =
        [
            new(0, 400, "Bonjour toi,", [new("Bonjour", 0, 200, 0.1), new("toi,", 200, 400, 0.1)]),
            new(3_000, 4_000, "Merci", [new("Merci", 3_000, 4_000, 0.95)]),
        ];
        var down = new FakeBackend("shared_whisper", null, AsrFailureReasons.Unavailable);
        var up = new FakeBackend("groq_whisper", Greeting);
        var fallback = new SegmentFallback([down, up], MsOptions.Create(new WhisperFallbackOptions()), NullLogger<SegmentFallback>.Instance);

        var result = await fallback.TryRetimeAsync(tier1, DurationMs, Transcribe, CancellationToken.None);

        Assert.NotNull(result);
        Assert.Equal((1, 1), (down.Calls, up.Calls));
        Assert.Equal("groq_whisper", result.Backend);
        Assert.Equal("ctc+whisper_segments", SegmentFallbackResult.TierUsed);
        Assert.Equal((500, 1_300), (result.Lines[0].StartMs, result.Lines[0].EndMs));
        Assert.Same(tier1[1], result.Lines[1]);
    }

    [Fact]
    public async Task Segment_fallback_does_nothing_without_weak_lines()
    {
        AlignedLine[] tier1 = [new(0, 400, "Bonjour", [new("Bonjour", 0, 400, 0.9)])];
        var backend = new FakeBackend("shared_whisper", Greeting);
        var fallback = new SegmentFallback([backend], MsOptions.Create(new WhisperFallbackOptions()), NullLogger<SegmentFallback>.Instance);

        Assert.Null(await fallback.TryRetimeAsync(tier1, DurationMs, Transcribe, CancellationToken.None));
        Assert.Equal(0, backend.Calls);
    }
}

using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Fallbacks;
using Kiaraoke.Alignment.AsrMapping;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.AlignApi.Tests.Fallbacks;

public sealed class TranscriptMemoTests
{
    private sealed class CountingBackend(string? failure = null) : ISpeechToText
    {
        public int Calls;

        public string Name => "shared_whisper";

        public string ModelVersion => "v";

        public bool IsConfigured => true;

        public async Task<AsrTranscript> TranscribeAsync(AsrRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            await Task.Delay(50, cancellationToken);
            return failure is null ? new AsrTranscript([new AsrWord(" la", 0.1, 0.4, 0.9)], []) : throw new AsrBackendException(Name, failure, "down");
        }
    }

    private static AlignmentJob Job() =>
        new("t", "a.wav", new PcmAudio(16_000, new float[16_000]), new Lyrics([]), string.Empty, "fr");

    [Fact]
    public async Task One_job_asks_each_back_end_once_even_concurrently()
    {
        var memo = new TranscriptMemo();
        var backend = new CountingBackend();
        var job = Job();

        var answers = await Task.WhenAll(
            memo.GetOrTranscribeAsync(job, backend, CancellationToken.None),
            memo.GetOrTranscribeAsync(job, backend, CancellationToken.None));
        await memo.GetOrTranscribeAsync(job, backend, CancellationToken.None);
        await memo.GetOrTranscribeAsync(Job(), backend, CancellationToken.None); // another job asks again

        Assert.Same(answers[0], answers[1]);
        Assert.Equal(2, backend.Calls);
    }

    [Fact]
    public async Task A_failure_is_remembered_for_the_job()
    {
        var memo = new TranscriptMemo();
        var backend = new CountingBackend(AsrFailureReasons.Unavailable);
        var job = Job();

        await Assert.ThrowsAsync<AsrBackendException>(() => memo.GetOrTranscribeAsync(job, backend, CancellationToken.None));
        await Assert.ThrowsAsync<AsrBackendException>(() => memo.GetOrTranscribeAsync(job, backend, CancellationToken.None));

        Assert.Equal(1, backend.Calls);
    }

    [Fact]
    public async Task A_cancelled_attempt_is_not_remembered()
    {
        var memo = new TranscriptMemo();
        var backend = new CountingBackend();
        var job = Job();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => memo.GetOrTranscribeAsync(job, backend, cancelled.Token));
        var transcript = await memo.GetOrTranscribeAsync(job, backend, CancellationToken.None);

        Assert.Single(transcript.Words);
    }
}

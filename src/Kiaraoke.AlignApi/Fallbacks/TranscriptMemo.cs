using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.Alignment.AsrMapping;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>
/// One transcription per back end per alignment job: when the segment fallback has already asked shared-whisper and
/// the router then falls back to Tier 2 for the whole song, the same answer (or the same failure) is reused rather
/// than queueing a second two-minute request. Entries live exactly as long as the job object.
/// </summary>
public sealed class TranscriptMemo
{
    private readonly ConditionalWeakTable<AlignmentJob, ConcurrentDictionary<string, Lazy<Task<AsrTranscript>>>> _jobs = new();

    /// <summary>The job's transcription by <paramref name="backend"/>, asked for once; each caller waits with its own token.</summary>
    public Task<AsrTranscript> GetOrTranscribeAsync(AlignmentJob job, ISpeechToText backend, CancellationToken cancellationToken)
    {
        var perJob = _jobs.GetValue(job, static _ => new ConcurrentDictionary<string, Lazy<Task<AsrTranscript>>>(StringComparer.Ordinal));
        while (true)
        {
            var entry = perJob.GetOrAdd(
                backend.Name,
                _ => new Lazy<Task<AsrTranscript>>(() => backend.TranscribeAsync(
                    new AsrRequest(job.AudioPath, job.Audio.DurationSeconds, job.Language, job.LyricsText), cancellationToken)));
            if (entry.IsValueCreated && entry.Value.IsCanceled)
            {
                perJob.TryRemove(new KeyValuePair<string, Lazy<Task<AsrTranscript>>>(backend.Name, entry)); // a cancelled attempt is no answer
                continue;
            }

            return entry.Value.WaitAsync(cancellationToken);
        }
    }
}

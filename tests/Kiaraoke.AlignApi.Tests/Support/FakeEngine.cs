using Kiaraoke.AlignApi.Engines;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Tests.Support;

/// <summary>
/// A scripted engine for router tests: counts calls and, unless told otherwise, spreads the lyric words evenly over
/// the audio with the given confidence (a result that honours the timing contract).
/// </summary>
internal sealed class FakeEngine(AlignmentTier tier, string source, double confidence = 0.9) : IAlignmentEngine
{
    private int _calls;

    public AlignmentTier Tier => tier;

    public string Source => source;

    public string ModelVersion { get; set; } = $"{source}-fake";

    public bool IsAvailable => true;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Replaces the default behaviour (e.g. throw, block, return a poor result).</summary>
    public Func<AlignmentJob, CancellationToken, Task<AlignmentResult>>? Behaviour { get; set; }

    /// <summary>Completed when a call starts; reset by tests that need to wait for the next one.</summary>
    public TaskCompletionSource Entered { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public double Confidence { get; set; } = confidence;

    public Task<AlignmentResult> AlignAsync(AlignmentJob job, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Entered.TrySetResult();
        return Behaviour?.Invoke(job, cancellationToken) ?? Task.FromResult(Spread(job, Confidence));
    }

    public static AlignmentResult Spread(AlignmentJob job, double confidence)
    {
        var words = job.Lyrics.AllWords.ToList();
        var slot = Math.Max(2, job.Audio.DurationMs / Math.Max(1, words.Count));
        var index = 0;
        var lines = new List<AlignedLine>();
        foreach (var line in job.Lyrics.Lines)
        {
            var aligned = new List<AlignedWord>();
            foreach (var word in line.Words)
            {
                aligned.Add(new AlignedWord(word.Text, index * slot, (index * slot) + (slot / 2), confidence));
                index++;
            }

            lines.Add(new AlignedLine(aligned[0].StartMs, aligned[^1].EndMs, line.Text, aligned));
        }

        return new AlignmentResult(lines, job.Audio.DurationMs, new StageTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero));
    }
}

using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using Kiaraoke.AlignApi.Contracts;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Telemetry;

namespace Kiaraoke.AlignApi.Jobs;

/// <summary>
/// One queued alignment, run by a Hangfire worker of any replica: the same pipeline as <c>/align</c> (cache, single
/// flight, the track's turn, inference slot, tiers, store). Its stages go to the job parameter <see cref="StageParameter"/>
/// (PROGRESS in the polling shape); its result is the word-timestamps JSON. Transient failures (429, 503) are retried
/// with growing delays; bad input fails at once with the problem's detail as the error.
/// </summary>
public sealed class AlignJob(AlignmentCoordinator coordinator, ILogger<AlignJob> logger)
{
    public const string Queue = "align";

    public const string StageParameter = "stage";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [10, 30, 90], OnlyOn = [typeof(TransientJobException)], LogEvents = false)]
    [JobDisplayName("align {0}")]
    public async Task<string> RunAsync(string request, PerformContext? context, CancellationToken cancellationToken)
    {
        var job = JsonSerializer.Deserialize<AlignJobRequest>(request, JobJson.Options) ?? throw new InvalidOperationException("The job has no request.");
        context?.SetJobParameter(StageParameter, null); // a retry starts over
        var input = job.ToInput() with { OnStage = stage => context?.SetJobParameter(StageParameter, stage) };
        var keepAudio = false;
        try
        {
            var outcome = await coordinator.AlignAsync(input, cancellationToken).ConfigureAwait(false);
            JobLog.Completed(logger, context?.BackgroundJob.Id ?? "?", input.Key.ToString(), outcome.FromCache);
            return JsonSerializer.Serialize(WordTimestampsResponse.From(outcome.Entry), JobJson.Options);
        }
        catch (ApiProblemException ex) when (ex.Status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            keepAudio = true;
            throw new TransientJobException(ex.Message);
        }
        catch (ApiProblemException ex)
        {
            throw new InvalidOperationException(ex.Message);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping: Hangfire puts the job back in the queue and another start runs it.
            keepAudio = true;
            throw;
        }
        finally
        {
            if (job.AudioIsCopy && !keepAudio)
            {
                TryDelete(job.AudioPath);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Removed by the start-up sweep of the job audio folder at worst.
        }
    }
}

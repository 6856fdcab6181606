using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Kiaraoke.AlignApi.Errors;
using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Telemetry;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Jobs;

/// <summary>
/// The service side of the job routes: enqueues alignments on this process's Hangfire storage (shared by every replica
/// on PostgreSQL) within <see cref="JobOptions.QueueLimit"/>, and reads a job's state back in Kiaraoke's polling shape.
/// </summary>
public sealed class AlignJobQueue(
    JobStorage storage,
    IBackgroundJobClient client,
    IOptionsMonitor<JobOptions> options,
    IOptionsMonitor<PersistenceOptions> persistence,
    IHostEnvironment environment,
    ILogger<AlignJobQueue> logger)
{
    /// <summary>Where uploaded audio waits for its job (beside the store; shared by replicas only if the data folder is).</summary>
    public string AudioFolder => Path.Combine(EnvironmentOptionsValidator.ResolvePath(environment, persistence.CurrentValue.DataDirectory), "job-audio");

    /// <summary>Queues <paramref name="input"/>; throws a 429 problem when the queue is full. Takes ownership of the audio.</summary>
    public string Enqueue(AlignmentInput input)
    {
        using var audio = input.Audio;
        var monitoring = storage.GetMonitoringApi();
        var waiting = monitoring.EnqueuedCount(AlignJob.Queue) + monitoring.ScheduledCount() + monitoring.ProcessingCount();
        var limit = options.CurrentValue.QueueLimit;
        if (waiting >= limit)
        {
            throw new ApiProblemException(
                StatusCodes.Status429TooManyRequests,
                "Too many jobs",
                $"{waiting} alignment job(s) already wait or run (the limit is {limit}, Jobs:QueueLimit); retry later.",
                TimeSpan.FromSeconds(30));
        }

        var path = input.Audio.Path;
        if (input.Audio.IsTemporary)
        {
            // An upload: move it where the job finds it; the job deletes it when done.
            Directory.CreateDirectory(AudioFolder);
            path = Path.Combine(AudioFolder, Path.GetFileName(input.Audio.Path));
            File.Copy(input.Audio.Path, path, overwrite: true);
        }

        var request = JsonSerializer.Serialize(AlignJobRequest.From(input, path, input.Audio.IsTemporary), JobJson.Options);
        var id = client.Create(Job.FromExpression<AlignJob>(j => j.RunAsync(request, null, CancellationToken.None)), new EnqueuedState(AlignJob.Queue));
        JobLog.Queued(logger, id, input.Key.ToString());
        return id;
    }

    /// <summary>The job's state in Kiaraoke's shape, or null when there is no such job.</summary>
    public TaskStatusResponse? Status(string taskId)
    {
        using var connection = storage.GetConnection();
        JobData? job;
        try
        {
            job = connection.GetJobData(taskId);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            return null; // not an id this storage ever made
        }

        if (job is null)
        {
            return null;
        }

        var state = connection.GetStateData(taskId);
        switch (job.State)
        {
            case "Succeeded":
                var result = state?.Data.TryGetValue("Result", out var serialized) == true && serialized is not null
                    ? ParseResult(serialized)
                    : null;
                return new TaskStatusResponse(taskId, "SUCCESS", Ready: true, Successful: true, result, Error: null);
            case "Failed":
            case "Deleted":
                var error = state?.Data.TryGetValue("ExceptionMessage", out var message) == true ? message : state?.Reason;
                return new TaskStatusResponse(taskId, "FAILURE", Ready: true, Successful: false, Result: null, error ?? "The job was cancelled.");
            case "Processing":
                var stage = connection.GetJobParameter(taskId, AlignJob.StageParameter);
                return new TaskStatusResponse(taskId, stage is null ? "STARTED" : "PROGRESS", Ready: false, Successful: null, Result: null, Error: null);
            default:
                // Enqueued, scheduled for a retry, awaiting: not started yet.
                return new TaskStatusResponse(taskId, "PENDING", Ready: false, Successful: null, Result: null, Error: null);
        }
    }

    /// <summary>Hangfire keeps the return value as JSON: here a JSON string holding the word-timestamps JSON.</summary>
    private static JsonElement? ParseResult(string serialized)
    {
        try
        {
            var text = JsonSerializer.Deserialize<string>(serialized) ?? serialized;
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

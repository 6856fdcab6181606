namespace Kiaraoke.AlignApi.Jobs;

/// <summary>A job failure worth retrying (no tier available now, inference queue full): Hangfire retries only these.</summary>
public sealed class TransientJobException(string message) : Exception(message);

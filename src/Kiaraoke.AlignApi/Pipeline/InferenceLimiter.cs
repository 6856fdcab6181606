using System.Threading.RateLimiting;
using Kiaraoke.AlignApi.Engines;
using Kiaraoke.AlignApi.Options;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Pipeline;

/// <summary>At most N alignments at once, at most Q waiting; anything beyond is refused at once (the API answers 429).</summary>
public sealed class InferenceLimiter : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;

    public InferenceLimiter(IOptions<InferenceOptions> options, IOptions<AlignmentOptions> alignment)
    {
        var gpu = alignment.Value.Device.StartsWith("cuda", StringComparison.Ordinal);
        PermitLimit = options.Value.EffectiveConcurrency(gpu);
        QueueLimit = options.Value.QueueLimit;
        RetryAfter = TimeSpan.FromSeconds(options.Value.RetryAfterSeconds);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = PermitLimit,
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public int PermitLimit { get; }

    public int QueueLimit { get; }

    public TimeSpan RetryAfter { get; }

    public RateLimiterStatistics? Statistics => _limiter.GetStatistics();

    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken) => _limiter.AcquireAsync(1, cancellationToken);

    public void Dispose() => _limiter.Dispose();
}

using Kiaraoke.AlignApi.Options;
using Kiaraoke.AlignApi.Telemetry;
using Kiaraoke.Alignment.Acoustic;
using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Engines;

/// <summary>
/// Owns the one ONNX session of Tier 1 (one per device, shared by every request) and applies the licence guard:
/// in commercial mode a model whose card says non-commercial is refused and the embedded model is used instead, or,
/// when that is non-commercial too, the licence-clean <see cref="AlignmentOptions.CommercialModelDir"/>.
/// </summary>
public sealed class CtcModelProvider(
    IOptions<AlignmentOptions> alignmentOptions,
    IOptions<InferenceOptions> inferenceOptions,
    IHostEnvironment environment,
    ILogger<CtcModelProvider> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private OnnxEmissionModel? _model;
    private bool _attempted;

    public OnnxEmissionModel? Model => _model;

    /// <summary>Why Tier 1 cannot run, when it cannot (licence refusal, engine mode without CTC).</summary>
    public string? UnavailableReason { get; private set; }

    public bool IsLoaded => _model is not null;

    /// <summary>True once loading was attempted (successfully or not); readiness waits for it.</summary>
    public bool Attempted => _attempted;

    /// <summary>Loads the model once. A configured model that breaks the contract throws (the service must not start).</summary>
    public void Load()
    {
        lock (_gate)
        {
            if (_attempted)
            {
                return;
            }

            try
            {
                LoadCore();
            }
            finally
            {
                _attempted = true;
            }
        }
    }

    private void LoadCore()
    {
        var options = alignmentOptions.Value;
        if (options.Engine == "whisper")
        {
            UnavailableReason = "KARAOKE_ALIGNMENT_ENGINE=whisper: Tier 1 is not used.";
            return;
        }

        var embedded = ShippedModelPath(options.EmbeddedModelDir);
        var configured = string.IsNullOrWhiteSpace(options.ModelDir) ? embedded : EnvironmentOptionsValidator.ResolvePath(environment, options.ModelDir);
        var directory = configured;
        var descriptor = AcousticModelDescriptor.FromDirectory(directory);
        if (options.IsCommercial && descriptor.License == ModelLicense.NonCommercial)
        {
            AlignLog.ModelLicenceRefused(logger, descriptor.Directory, options.LicenseMode);
            if (!string.Equals(configured, embedded, StringComparison.Ordinal))
            {
                directory = embedded;
                descriptor = AcousticModelDescriptor.FromDirectory(directory);
            }

            if (descriptor.License == ModelLicense.NonCommercial && ShippedModelPath(options.CommercialModelDir) is var clean
                && !string.Equals(clean, directory, StringComparison.Ordinal) && Directory.Exists(clean))
            {
                directory = clean;
                descriptor = AcousticModelDescriptor.FromDirectory(directory);
            }

            if (descriptor.License == ModelLicense.NonCommercial)
            {
                UnavailableReason = $"Tier 1 disabled: the embedded model '{descriptor.Id}' is non-commercial and KARAOKE_ALIGNMENT_LICENSE_MODE=commercial.";
                AlignLog.Tier1Unavailable(logger, UnavailableReason);
                return;
            }
        }

        var gpu = options.Device.StartsWith("cuda", StringComparison.Ordinal);
        var deviceId = gpu && options.Device.Length > 5 ? int.Parse(options.Device[5..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var concurrency = inferenceOptions.Value.EffectiveConcurrency(gpu);
        var threads = options.IntraOpThreads > 0 ? options.IntraOpThreads : Math.Max(1, Environment.ProcessorCount / concurrency);
        _model = OnnxEmissionModel.Load(directory, new OnnxModelOptions
        {
            IntraOpThreads = threads,
            Device = gpu ? ExecutionDevice.Cuda : ExecutionDevice.Cpu,
            CudaDeviceId = deviceId,
        });
        AlignLog.ModelLoaded(logger, _model.Descriptor.Id, _model.Descriptor.Revision, _model.Descriptor.License.ToString(), _model.Device.ToString(), threads, concurrency);
        if (_model.DeviceFallbackReason is { } reason)
        {
            AlignLog.DeviceFallback(logger, reason);
        }
    }

    // Shipped models are in the build output; under `dotnet run --project` the content root is the project folder,
    // which has no models/, so fall back to the folder of the running assembly.
    private string ShippedModelPath(string configured)
    {
        var path = EnvironmentOptionsValidator.ResolvePath(environment, configured);
        if (!Directory.Exists(path) && !Path.IsPathRooted(configured)
            && Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, configured)) is var beside && Directory.Exists(beside))
        {
            path = beside;
        }

        return path;
    }

    public void Dispose() => _model?.Dispose();
}

/// <summary>Loads the model while the host starts, so a broken model stops start-up and the first request is warm.</summary>
internal sealed class ModelWarmupService(CtcModelProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        provider.Load();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

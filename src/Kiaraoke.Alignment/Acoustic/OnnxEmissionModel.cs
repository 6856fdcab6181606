using Kiaraoke.Alignment.Ctc;
using Microsoft.ML.OnnxRuntime;

namespace Kiaraoke.Alignment.Acoustic;

/// <summary>
/// An ONNX Runtime session over a wav2vec2-style CTC export (<c>input_values</c> [B, N] → <c>logits</c> [B, T, V]).
/// One instance per model and device: creating a session is expensive and <see cref="Run"/> is thread-safe.
/// The constructor validates names, vocabulary size and frame geometry and refuses a mismatching model.
/// </summary>
public sealed class OnnxEmissionModel : IEmissionModel, IDisposable
{
    public const string InputName = "input_values";
    public const string OutputName = "logits";

    private readonly InferenceSession _session;

    public OnnxEmissionModel(AcousticModelDescriptor descriptor, CtcVocabulary vocabulary, OnnxModelOptions options)
    {
        Descriptor = descriptor;
        Vocabulary = vocabulary;
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(0, options.IntraOpThreads),
            InterOpNumThreads = 1,
        };
        Device = ExecutionDevice.Cpu;
        if (options.Device == ExecutionDevice.Cuda)
        {
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                Device = ExecutionDevice.Cuda;
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                DeviceFallbackReason = $"CUDA execution provider unavailable ({ex.Message.Trim()}); running on CPU.";
            }
        }

        try
        {
            _session = new InferenceSession(descriptor.ModelPath, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelContractException($"'{descriptor.ModelPath}' could not be loaded by ONNX Runtime: {ex.Message}", ex);
        }

        try
        {
            Validate();
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public AcousticModelDescriptor Descriptor { get; }

    public CtcVocabulary Vocabulary { get; }

    public ExecutionDevice Device { get; }

    public string? DeviceFallbackReason { get; }

    public int Classes => Vocabulary.Size;

    public static OnnxEmissionModel Load(string directory, OnnxModelOptions? options = null)
    {
        var descriptor = AcousticModelDescriptor.FromDirectory(directory);
        var vocabulary = CtcVocabulary.Load(descriptor.VocabPath);
        return new OnnxEmissionModel(descriptor, vocabulary, options ?? new OnnxModelOptions());
    }

    public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [batch, samplesPerRow]);
        try
        {
            using var outputs = _session.Run(runOptions, [InputName], [tensor], [OutputName]);
            var output = outputs[0];
            var shape = output.GetTensorTypeAndShape().Shape;
            if (shape.Length != 3 || shape[0] != batch || shape[2] != Classes)
            {
                throw new ModelContractException($"'{OutputName}' has shape [{string.Join(", ", shape)}]; expected [{batch}, frames, {Classes}].");
            }

            return (output.GetTensorDataAsSpan<float>().ToArray(), (int)shape[1]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private void Validate()
    {
        var path = Descriptor.ModelPath;
        if (!_session.InputMetadata.TryGetValue(InputName, out var input))
        {
            throw new ModelContractException($"'{path}' has no input named '{InputName}' (inputs: {string.Join(", ", _session.InputMetadata.Keys)}).");
        }

        if (!_session.OutputMetadata.TryGetValue(OutputName, out var output))
        {
            throw new ModelContractException($"'{path}' has no output named '{OutputName}' (outputs: {string.Join(", ", _session.OutputMetadata.Keys)}).");
        }

        if (input.ElementType != typeof(float) || output.ElementType != typeof(float))
        {
            throw new ModelContractException($"'{path}' must take and return float32 tensors.");
        }

        if (output.Dimensions.Length != 3)
        {
            throw new ModelContractException($"'{OutputName}' of '{path}' has rank {output.Dimensions.Length}; expected [batch, frames, classes].");
        }

        var declaredClasses = output.Dimensions[2];
        if (declaredClasses > 0 && declaredClasses != Vocabulary.Size)
        {
            throw new ModelContractException($"'{path}' outputs {declaredClasses} classes but vocab.json has {Vocabulary.Size} tokens.");
        }

        // Frame geometry: probe two lengths on either side of a hop boundary.
        foreach (var samples in new[] { 16_399, 16_400 })
        {
            var (_, frames) = Run(new float[samples], 1, samples);
            var expected = EmissionMatrix.FramesFor(samples);
            if (frames != expected)
            {
                throw new ModelContractException(
                    $"'{path}' returns {frames} frames for {samples} samples; the contract is floor((N − 400) / 320) + 1 = {expected} (20 ms hop, 25 ms window).");
            }
        }
    }

    public void Dispose() => _session.Dispose();
}

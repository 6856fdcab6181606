using Kiaraoke.Alignment.Ctc;
using Microsoft.ML.OnnxRuntime;

namespace Kiaraoke.Alignment.Acoustic;

/// <summary>
/// An ONNX Runtime session over a wav2vec2-style CTC export (<c>input_values</c> [B, N] → <c>logits</c> [B, T, V],
/// optionally <c>voice_activity</c> [B, T]: the probability that a lead voice sounds in the frame, read in the same run).
/// One instance per model and device: creating a session is expensive and <see cref="Run"/> is thread-safe.
/// The constructor validates names, vocabulary size and frame geometry and refuses a mismatching model.
/// </summary>
public sealed class OnnxEmissionModel : IEmissionModel, IDisposable
{
    public const string InputName = "input_values";
    public const string OutputName = "logits";
    public const string VoiceActivityOutputName = "voice_activity";

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

        HasVoiceActivity = _session.OutputMetadata.ContainsKey(VoiceActivityOutputName);
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

    /// <summary>True when the model has a <c>voice_activity</c> output (read by <see cref="RunWithVoiceActivity"/>).</summary>
    public bool HasVoiceActivity { get; }

    public static OnnxEmissionModel Load(string directory, OnnxModelOptions? options = null)
    {
        var descriptor = AcousticModelDescriptor.FromDirectory(directory);
        var vocabulary = CtcVocabulary.Load(descriptor.VocabPath);
        return new OnnxEmissionModel(descriptor, vocabulary, options ?? new OnnxModelOptions());
    }

    public (float[] Logits, int Frames) Run(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default)
    {
        var (logits, _, frames) = RunOutputs(input, batch, samplesPerRow, withVoiceActivity: false, cancellationToken);
        return (logits, frames);
    }

    public (float[] Logits, float[]? VoiceActivity, int Frames) RunWithVoiceActivity(float[] input, int batch, int samplesPerRow, CancellationToken cancellationToken = default) =>
        RunOutputs(input, batch, samplesPerRow, HasVoiceActivity, cancellationToken);

    /// <summary>The outputs are copied from ONNX Runtime's own buffers straight into the caller's (no managed copy in between).</summary>
    public (int Frames, bool WroteVoiceActivity) RunInto(float[] input, int batch, int samplesPerRow, float[] logits, float[]? voiceActivity, CancellationToken cancellationToken = default)
    {
        var frames = 0;
        var wroteVoice = false;
        RunOutputs(input, batch, samplesPerRow, HasVoiceActivity && voiceActivity is not null, cancellationToken, (modelLogits, modelVoice, modelFrames) =>
        {
            frames = modelFrames;
            wroteVoice = IEmissionModel.WriteOutputs(modelLogits, modelVoice, logits, voiceActivity);
        });
        return (frames, wroteVoice);
    }

    private (float[] Logits, float[]? VoiceActivity, int Frames) RunOutputs(float[] input, int batch, int samplesPerRow, bool withVoiceActivity, CancellationToken cancellationToken)
    {
        (float[] Logits, float[]? VoiceActivity, int Frames) copies = default;
        RunOutputs(input, batch, samplesPerRow, withVoiceActivity, cancellationToken, (logits, voice, frames) =>
            copies = (logits.ToArray(), withVoiceActivity ? voice.ToArray() : null, frames));
        return copies;
    }

    /// <summary>The outputs, still in ONNX Runtime's buffers, handed to <paramref name="read"/>; the voice activity is empty when not asked for.</summary>
    private delegate void OutputReader(ReadOnlySpan<float> logits, ReadOnlySpan<float> voiceActivity, int frames);

    private void RunOutputs(float[] input, int batch, int samplesPerRow, bool withVoiceActivity, CancellationToken cancellationToken, OutputReader read)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        if (input.Length < (long)batch * samplesPerRow)
        {
            throw new ArgumentException($"The input holds {input.Length} samples, fewer than {batch} rows of {samplesPerRow}.", nameof(input));
        }

        using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, batch * samplesPerRow), [batch, samplesPerRow]);
        string[] names = withVoiceActivity ? [OutputName, VoiceActivityOutputName] : [OutputName];
        try
        {
            using var outputs = _session.Run(runOptions, [InputName], [tensor], names);
            var output = outputs[0];
            var shape = output.GetTensorTypeAndShape().Shape;
            if (shape.Length != 3 || shape[0] != batch || shape[2] != Classes)
            {
                throw new ModelContractException($"'{OutputName}' has shape [{string.Join(", ", shape)}]; expected [{batch}, frames, {Classes}].");
            }

            var frames = (int)shape[1];
            ReadOnlySpan<float> voice = default;
            if (withVoiceActivity)
            {
                var voiceShape = outputs[1].GetTensorTypeAndShape().Shape;
                if (voiceShape.Length != 2 || voiceShape[0] != batch || voiceShape[1] != frames)
                {
                    throw new ModelContractException(
                        $"'{VoiceActivityOutputName}' has shape [{string.Join(", ", voiceShape)}]; expected [{batch}, {frames}] (one probability per logits frame).");
                }

                voice = outputs[1].GetTensorDataAsSpan<float>();
            }

            read(output.GetTensorDataAsSpan<float>(), voice, frames);
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

        if (HasVoiceActivity)
        {
            var voice = _session.OutputMetadata[VoiceActivityOutputName];
            if (voice.ElementType != typeof(float) || voice.Dimensions.Length != 2)
            {
                throw new ModelContractException($"'{VoiceActivityOutputName}' of '{path}' must be float32 [batch, frames].");
            }
        }

        var declaredClasses = output.Dimensions[2];
        if (declaredClasses > 0 && declaredClasses != Vocabulary.Size)
        {
            throw new ModelContractException($"'{path}' outputs {declaredClasses} classes but vocab.json has {Vocabulary.Size} tokens.");
        }

        // Frame geometry: probe two lengths on either side of a hop boundary.
        foreach (var samples in new[] { 16_399, 16_400 })
        {
            var (_, _, frames) = RunWithVoiceActivity(new float[samples], 1, samples);
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

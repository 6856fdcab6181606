namespace Kiaraoke.Alignment.Acoustic;

/// <summary>How the ONNX Runtime session is created. Plain data: the host maps its configuration onto it.</summary>
public sealed record OnnxModelOptions
{
    /// <summary>Threads for one inference (0 = ONNX Runtime's default).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>CUDA is used only when the GPU native package is present; otherwise the CPU is used and the reason kept.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    public int CudaDeviceId { get; init; }
}

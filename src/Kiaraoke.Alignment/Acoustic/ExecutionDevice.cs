namespace Kiaraoke.Alignment.Acoustic;

/// <summary>Where ONNX Runtime runs the acoustic model (see <see cref="OnnxModelOptions.Device"/>).</summary>
public enum ExecutionDevice
{
    Cpu,
    Cuda,
}

using Kiaraoke.Alignment.Acoustic;

namespace Kiaraoke.Alignment.Tests.Support;

/// <summary>One real ONNX Runtime session over the tone model, shared by a test class.</summary>
public sealed class ToneModelFixture : IDisposable
{
    public ToneModelFixture()
    {
        Model = OnnxEmissionModel.Load(RepoPaths.ToneModel, new OnnxModelOptions { IntraOpThreads = 1 });
    }

    public OnnxEmissionModel Model { get; }

    public void Dispose() => Model.Dispose();
}

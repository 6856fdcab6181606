using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Tests.Support;

namespace Kiaraoke.Alignment.Tests.Acoustic;

public sealed class ModelLoadingTests
{
    [Fact]
    public void Tone_model_loads_with_its_identity_and_licence()
    {
        using var model = OnnxEmissionModel.Load(RepoPaths.ToneModel);
        Assert.Equal("tone-ctc", model.Descriptor.Id);
        Assert.Equal(64, model.Descriptor.Sha256.Length);
        Assert.Equal(ModelLicense.CommercialUse, model.Descriptor.License);
        Assert.Equal(31, model.Vocabulary.Size);
        Assert.Equal(0, model.Vocabulary.BlankId);
        Assert.Equal(31, model.Vocabulary.StarId);
        Assert.Equal(ExecutionDevice.Cpu, model.Device);
    }

    [Theory]
    [InlineData("bad-vocab", "<blank>")]
    [InlineData("bad-geometry", "floor((N − 400) / 320) + 1")]
    [InlineData("bad-outputs", "no output named 'logits'")]
    public void Mismatching_models_are_refused_with_a_clear_error(string folder, string expected)
    {
        var error = Assert.Throws<ModelContractException>(() => OnnxEmissionModel.Load(RepoPaths.TestModel(folder)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Missing_directory_or_file_is_named()
    {
        var error = Assert.Throws<ModelContractException>(() => OnnxEmissionModel.Load("/nonexistent/model-dir"));
        Assert.Contains("/nonexistent/model-dir", error.Message);
    }

    [Fact]
    public void Cuda_request_without_the_gpu_package_falls_back_to_cpu_with_a_reason()
    {
        using var model = OnnxEmissionModel.Load(RepoPaths.ToneModel, new OnnxModelOptions { Device = ExecutionDevice.Cuda });
        Assert.Equal(ExecutionDevice.Cpu, model.Device);
        Assert.Contains("CUDA", model.DeviceFallbackReason);
    }

    [Theory]
    [InlineData("license: CC-BY-NC-4.0", ModelLicense.NonCommercial)]
    [InlineData("---\nlicense: MIT\n---", ModelLicense.CommercialUse)]
    [InlineData("Weights are for non-commercial research only.", ModelLicense.NonCommercial)]
    [InlineData("A model.", ModelLicense.Unknown)]
    public void Licence_is_read_from_the_model_card(string card, ModelLicense expected)
    {
        Assert.Equal(expected, AcousticModelDescriptor.ReadLicense(card));
    }

    [Fact]
    public void Shipped_model_cards_state_their_licence()
    {
        // v2 was trained only on synthetic data made by the project's code: licence-clean. v3 learnt from CC BY-NC songs.
        Assert.Equal(ModelLicense.CommercialUse, AcousticModelDescriptor.FromDirectory(Path.Combine(RepoPaths.Root, "models", "kiaraoke-ctc-v2")).License);
        var v3 = Path.Combine(RepoPaths.Root, "models", "kiaraoke-ctc-v3");
        Assert.True(Directory.Exists(v3), v3);
        Assert.Equal(ModelLicense.NonCommercial, AcousticModelDescriptor.FromDirectory(v3).License);
    }

    [Fact]
    public void Vocabulary_needs_contiguous_ids()
    {
        var error = Assert.Throws<ModelContractException>(() => new CtcVocabulary(new Dictionary<string, int> { ["<blank>"] = 0, ["a"] = 2 }));
        Assert.Contains("id 1", error.Message);
    }
}

using DistillDsl.Backbones.EfficientNet;
using DistillDsl.Torch;
using DistillDsl.Weights.Torchvision;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Weights.Torchvision;

public sealed class StateDictLoaderTests : IDisposable
{
    private readonly CheckpointFixtures files = new();
    private readonly ITestOutputHelper output;

    public StateDictLoaderTests(ITestOutputHelper output) => this.output = output;

    public void Dispose() => files.Dispose();

    [Fact]
    public void A_file_written_by_python_torch_save_loads_with_the_values_python_put_in_it()
    {
        // make_tiny_checkpoints.py filled the tensor with offset k with k + 0.01 j at flat index j.
        var offsets = new Dictionary<string, int>
        {
            ["conv.weight"] = 1, ["conv.bias"] = 2, ["bn.weight"] = 3, ["bn.bias"] = 4,
            ["bn.running_mean"] = 5, ["bn.running_var"] = 6, ["fc.weight"] = 7, ["fc.bias"] = 8,
        };
        using var model = new TinyNet();

        int loaded = StateDictLoader.Load(model, CheckpointFixtures.Fixture(CheckpointFixtures.TinyNetFileName));

        Assert.Equal(9, loaded);
        var state = model.state_dict();
        foreach ((string name, int offset) in offsets)
        {
            float[] expected = Enumerable.Range(0, (int)state[name].numel()).Select(j => (float)(offset + 0.01 * j)).ToArray();
            Assert.Equal(expected, state[name].data<float>().ToArray());
        }
        Assert.Equal(42L, state["bn.num_batches_tracked"].item<long>());
    }

    [Theory]
    [InlineData("tiny.pth")]
    [InlineData("tiny.safetensors")]
    public void A_checkpoint_saved_by_pybridge_loads_back_into_a_fresh_module(string fileName)
    {
        manual_seed(7);
        using var original = new TinyNet();
        using (no_grad())
        {
            original.state_dict()["bn.running_var"].uniform_(0.5, 2.0);
            ScalarArithmetic.FillInPlace(original.state_dict()["bn.num_batches_tracked"], 5);
        }
        string path = files.PathIn(fileName);
        if (fileName.EndsWith(".safetensors", StringComparison.Ordinal)) original.save_safetensors(path);
        else original.save_py(path);

        using var restored = new TinyNet();
        StateDictLoader.Load(restored, path);

        AssertSameState(original, restored);
    }

    [Fact]
    public void EfficientNetB0_round_trips_through_a_torchvision_style_checkpoint()
    {
        manual_seed(3);
        using var original = new EfficientNetB0();
        string path = files.PathIn("efficientnet_b0.pth");
        original.save_py(path);

        using var restored = new EfficientNetB0();
        string loadedFrom = TorchvisionCheckpoints.LoadInto(restored, explicitPath: path, new TorchHubEnvironment(null, null, files.Folder));

        Assert.Equal(path, loadedFrom);
        AssertSameState(original, restored);
    }

    [Fact]
    public void A_missing_num_batches_tracked_is_accepted_as_PyTorch_does()
    {
        using var original = new TinyNet();
        string path = files.PathIn("no_counter.pth");
        original.save_py(path, skip: ["bn.num_batches_tracked"]);

        using var restored = new TinyNet();
        Assert.Equal(8, StateDictLoader.Load(restored, path));
        Assert.Equal(original.state_dict()["fc.weight"].data<float>().ToArray(), restored.state_dict()["fc.weight"].data<float>().ToArray());
    }

    [Fact]
    public void Wrong_names_are_listed_as_missing_and_unexpected()
    {
        using var other = nn.Sequential(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3));
        string path = files.PathIn("other.pth");
        other.save_py(path);

        using var model = new TinyNet();
        var error = Assert.Throws<WeightsException>(() => StateDictLoader.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("missing (in the module, not in the file): conv.weight, conv.bias, bn.weight", error.Message);
        Assert.Contains("fc.weight", error.Message);
        Assert.Contains("unexpected (in the file, not in the module): 0.bias, 0.weight, 1.bias, 1.num_batches_tracked, 1.running_mean", error.Message);
    }

    [Fact]
    public void Wrong_shapes_are_listed_and_nothing_is_copied()
    {
        using var wider = new TinyNet(convOutputs: 4);
        string path = files.PathIn("wider.pth");
        wider.save_py(path);

        using var model = new TinyNet();
        float[] before = model.state_dict()["conv.weight"].data<float>().ToArray();
        var error = Assert.Throws<WeightsException>(() => StateDictLoader.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Contains(path, error.Message);
        Assert.Contains("conv.weight (file [4, 2, 3, 3], module [3, 2, 3, 3])", error.Message);
        Assert.Contains("fc.weight (file [2, 4], module [2, 3])", error.Message);
        Assert.DoesNotContain("missing", error.Message);
        Assert.Equal(before, model.state_dict()["conv.weight"].data<float>().ToArray());
    }

    [Fact]
    public void A_file_whose_name_claims_another_hash_is_rejected()
    {
        string path = files.CopyAs(CheckpointFixtures.TinyNetFileName, "tiny_net-00000000.pth");
        using var model = new TinyNet();

        var error = Assert.Throws<WeightsException>(() => StateDictLoader.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("SHA-256 starts with 00000000", error.Message);
        Assert.Contains("60296a7c", error.Message); // the fixture's real hash, from its own name
    }

    [Fact]
    public void A_truncated_torch_save_file_is_a_clear_error_naming_it()
    {
        string path = files.PathIn("truncated.pth");
        byte[] whole = File.ReadAllBytes(CheckpointFixtures.Fixture(CheckpointFixtures.TinyNetFileName));
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        using var model = new TinyNet();

        var error = Assert.Throws<WeightsException>(() => StateDictLoader.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated or corrupt", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_a_clear_error_naming_it()
    {
        string path = files.PathIn("notes.pth");
        File.WriteAllText(path, "not a checkpoint");
        using var model = new TinyNet();

        var error = Assert.Throws<WeightsException>(() => StateDictLoader.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Contains(path, error.Message);
        Assert.Contains("not a torch.save file", error.Message);
    }

    [Fact]
    public void A_truncated_safetensors_file_is_a_clear_error_naming_it()
    {
        using var original = new TinyNet();
        string whole = files.PathIn("whole.safetensors");
        original.save_safetensors(whole);
        string path = files.PathIn("truncated.safetensors");
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);

        var error = Assert.Throws<WeightsException>(() => StateDictLoader.Load(original, path));
        output.WriteLine(error.Message);

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_training_checkpoint_that_wraps_the_state_dict_is_explained()
    {
        // torch.save({"state_dict": ..., "epoch": 3}) by make_tiny_checkpoints.py.
        using var model = new TinyNet();
        string path = CheckpointFixtures.Fixture("tiny_net_wrapped.pth");

        var error = Assert.Throws<WeightsException>(() => StateDictLoader.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Contains(path, error.Message);
        Assert.Contains("not a plain state dict", error.Message);
    }

    [Fact]
    public void A_legacy_format_file_is_explained()
    {
        // torch.save(..., _use_new_zipfile_serialization=False) by make_tiny_checkpoints.py.
        using var model = new TinyNet();
        string path = CheckpointFixtures.Fixture("tiny_net_legacy.pth");

        var error = Assert.Throws<WeightsException>(() => StateDictLoader.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Contains(path, error.Message);
        Assert.Contains("legacy torch.save format", error.Message);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error_naming_it()
    {
        string path = files.PathIn("absent-0123abcd.pth");
        using var model = new TinyNet();

        var error = Assert.Throws<WeightsException>(() => StateDictLoader.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Equal(path, error.FilePath);
        Assert.Contains("does not exist", error.Message);
    }

    private static void AssertSameState(nn.Module expected, nn.Module actual)
    {
        var expectedState = expected.state_dict();
        var actualState = actual.state_dict();
        Assert.Equal(expectedState.Keys.Order(StringComparer.Ordinal), actualState.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, Tensor tensor) in expectedState)
        {
            Assert.Equal(tensor.shape, actualState[name].shape);
            Assert.True(tensor.to_type(ScalarType.Float64).equal(actualState[name].to_type(ScalarType.Float64)).all().item<bool>(), name);
        }
    }
}

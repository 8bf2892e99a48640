using DistillDsl.Backbones.EfficientNet;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Backbones.EfficientNet;

public class EfficientNetB0LayoutTests
{
    [Fact]
    public void State_dict_names_shapes_and_dtypes_equal_torchvision_efficientnet_b0()
    {
        // Fixtures/EfficientNet/efficientnet_b0_state_dict.tsv was written once by make_efficientnet_b0_reference.py
        // (Debian's /usr/bin/python3, python3-torchvision 0.14) from torchvision.models.efficientnet_b0().state_dict().
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "EfficientNet", "efficientnet_b0_state_dict.tsv");
        List<string> expected = File.ReadLines(path).Where(line => !line.StartsWith('#')).ToList();

        using var model = new EfficientNetB0();
        List<string> actual = model.state_dict()
            .Select(entry => $"{entry.Key}\t{ShapeText(entry.Value.shape)}\t{entry.Value.dtype.ToString().ToLowerInvariant()}")
            .ToList();

        // Compared as sorted lists: TorchSharp's state_dict lists all parameters before all buffers, PyTorch interleaves
        // them per module; checkpoints are matched by name, so only names, shapes and dtypes matter.
        Assert.Equal(360, expected.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Fresh_weights_follow_torchvision_initialisation()
    {
        using var model = new EfficientNetB0();
        var state = model.state_dict();

        // Kaiming normal, fan out: the 1×1 head conv has fan out 1280, so std √(2/1280) ≈ 0.0395.
        double headStd = state["features.8.0.weight"].std().item<float>();
        Assert.InRange(headStd, 0.0395 * 0.95, 0.0395 * 1.05);
        // Classifier weights uniform in ±1/√1000 ≈ ±0.0316, biases zero; batch norm scale one.
        Assert.True(state["classifier.1.weight"].abs().max().item<float>() <= 1 / Math.Sqrt(1000));
        Assert.Equal(0f, state["classifier.1.bias"].abs().max().item<float>());
        Assert.Equal(1f, state["features.5.2.block.1.1.weight"].min().item<float>());
    }

    private static string ShapeText(long[] shape) => shape.Length == 0 ? "scalar" : string.Join("x", shape);
}

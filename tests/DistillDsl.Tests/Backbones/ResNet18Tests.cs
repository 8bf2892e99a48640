using DistillDsl.Backbones.ResNet;
using DistillDsl.Spec.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Backbones;

public class ResNet18Tests
{
    // The fixtures list torchvision's state dict entries (name, dtype, shape). They were generated once with Debian's
    // python3-torch 1.13 / python3-torchvision 0.14 by Fixtures/ResNet/make_resnet18_state_dicts.py:
    //   torchvision_resnet18.tsv = torchvision.models.resnet18()
    //   cntk_resnet18.tsv        = torchvision's ResNet(BasicBlock, [2, 2, 2, 3]) with fc = None
    [Theory]
    [InlineData("torchvision", "torchvision_resnet18.tsv")]
    [InlineData("cntk", "cntk_resnet18.tsv")]
    public void State_dict_names_dtypes_and_shapes_equal_torchvision(string layout, string fixture)
    {
        using var model = new ResNet18(layout == "cntk" ? ResNet18Options.Cntk : ResNet18Options.Torchvision);

        var expected = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ResNet", fixture))
            .Where(line => !line.StartsWith('#'))
            .Skip(1) // header
            .Order(StringComparer.Ordinal)
            .ToList();
        var actual = model.state_dict()
            .Select(entry => $"{entry.Key}\t{DtypeName(entry.Value.dtype)}\t{string.Join("x", entry.Value.shape)}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(expected.Count > 100, $"fixture {fixture} looks truncated");
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("torchvision")]
    [InlineData("cntk")]
    public void Every_tap_has_the_catalog_channels_and_stride(string layout)
    {
        using var model = new ResNet18(layout == "cntk" ? ResNet18Options.Cntk : ResNet18Options.Torchvision);
        model.eval();
        using var input = randn(2, 3, 64, 64);

        var taps = model.ForwardTaps(input, BackboneCatalog.ResNet18Info.TapNames.ToList());

        Assert.Equal(BackboneCatalog.ResNet18Info.TapNames.Order(), taps.Keys.Order());
        foreach (TapInfo tap in BackboneCatalog.ResNet18Info.Taps)
        {
            Assert.Equal(new long[] { 2, tap.Channels, 64 / tap.Stride, 64 / tap.Stride }, taps[tap.Name].shape);
        }
        foreach (Tensor output in taps.Values) output.Dispose();
    }

    [Fact]
    public void ForwardTaps_stops_after_the_deepest_requested_tap()
    {
        using var model = new ResNet18();
        model.eval();
        var stages = model.named_children().ToDictionary(child => child.name, child => (nn.Module<Tensor, Tensor>)child.module);
        var ran = new List<string>();
        foreach (string stage in new[] { "layer1", "layer2", "layer3", "layer4" })
        {
            stages[stage].register_forward_hook((_, _, output) => { ran.Add(stage); return output; });
        }
        using var input = randn(1, 3, 64, 64);

        var taps = model.ForwardTaps(input, new[] { "layer2", "stem" });

        Assert.Equal(new[] { "layer1", "layer2" }, ran);
        Assert.Equal(new[] { "layer2", "stem" }, taps.Keys.Order());
        foreach (Tensor output in taps.Values) output.Dispose();
    }

    [Fact]
    public void An_unknown_tap_is_an_error_that_lists_the_valid_taps()
    {
        using var model = new ResNet18();
        using var input = randn(1, 3, 32, 32);

        var error = Assert.Throws<ArgumentException>(() => model.ForwardTaps(input, new[] { "layer1", "layer5" }));

        Assert.Contains("'layer5'", error.Message);
        Assert.Contains("stem, layer1, layer2, layer3, layer4", error.Message);
        Assert.Throws<ArgumentException>(() => model.ForwardTaps(input, Array.Empty<string>()));
    }

    [Fact]
    public void Forward_gives_logits_with_the_head_and_pooled_features_without_it()
    {
        using var torchvision = new ResNet18(ResNet18Options.Torchvision);
        using var cntk = new ResNet18(ResNet18Options.Cntk);
        torchvision.eval();
        cntk.eval();
        using var input = randn(2, 3, 64, 64);

        using var logits = torchvision.forward(input);
        using var features = cntk.forward(input);

        Assert.Equal(new long[] { 2, 1000 }, logits.shape);
        Assert.Equal(new long[] { 2, 512 }, features.shape);
    }

    private static string DtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Int64 => "int64",
        _ => dtype.ToString(),
    };
}

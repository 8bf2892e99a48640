using DistillDsl.Backbones.EfficientNet;
using DistillDsl.Spec.Backbones;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Backbones.EfficientNet;

public class EfficientNetB0TapTests
{
    [Fact]
    public void Every_tap_has_the_catalog_channels_and_stride()
    {
        using var model = new EfficientNetB0();
        model.eval();
        using Tensor input = randn(2, 3, 64, 96);

        using (no_grad())
        {
            IReadOnlyDictionary<string, Tensor> taps = model.ForwardTaps(input, model.Info.TapNames.ToList());
            Assert.Equal(model.Info.TapNames, taps.Keys);
            foreach (TapInfo tap in model.Info.Taps)
            {
                using Tensor output = taps[tap.Name];
                Assert.Equal(new long[] { 2, tap.Channels, 64 / tap.Stride, 96 / tap.Stride }, output.shape);
            }
        }
    }

    [Fact]
    public void Only_the_requested_taps_are_returned()
    {
        using var model = new EfficientNetB0();
        model.eval();
        using Tensor input = randn(1, 3, 32, 32);
        using (no_grad())
        {
            IReadOnlyDictionary<string, Tensor> taps = model.ForwardTaps(input, ["stage5", "stem"]);
            Assert.Equal(new[] { "stage5", "stem" }, taps.Keys.Order(StringComparer.Ordinal));
            foreach (Tensor t in taps.Values) t.Dispose();
        }
    }

    [Fact]
    public void The_forward_pass_stops_after_the_deepest_requested_tap()
    {
        // In training mode every batch norm that runs counts the batch; the ones after the tap must not have run.
        using var model = new EfficientNetB0();
        model.train();
        using Tensor input = randn(2, 3, 32, 32);

        foreach (Tensor t in model.ForwardTaps(input, ["stage3"]).Values) t.Dispose();

        var state = model.state_dict();
        Assert.Equal(1L, state["features.3.1.block.3.1.num_batches_tracked"].item<long>());
        Assert.Equal(0L, state["features.4.0.block.0.1.num_batches_tracked"].item<long>());
        Assert.Equal(0L, state["features.8.1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void An_unknown_tap_is_rejected_with_the_valid_taps_listed()
    {
        using var model = new EfficientNetB0();
        using Tensor input = zeros(1, 3, 32, 32);

        var error = Assert.Throws<ArgumentException>(() => model.ForwardTaps(input, ["stem", "layer3"]));
        Assert.Contains("'layer3'", error.Message);
        Assert.Contains("stem, stage1, stage2, stage3, stage4, stage5, stage6, stage7, head", error.Message);
    }

    [Fact]
    public void Asking_for_no_taps_is_rejected()
    {
        using var model = new EfficientNetB0();
        using Tensor input = zeros(1, 3, 32, 32);
        var error = Assert.Throws<ArgumentException>(() => model.ForwardTaps(input, []));
        Assert.Contains("Valid taps: stem", error.Message);
    }

    [Fact]
    public void An_input_that_is_not_an_rgb_batch_is_rejected_with_its_shape()
    {
        using var model = new EfficientNetB0();
        using Tensor gray = zeros(1, 1, 32, 32);
        var error = Assert.Throws<ArgumentException>(() => model.ForwardTaps(gray, ["stem"]));
        Assert.Contains("[1, 1, 32, 32]", error.Message);
    }
}

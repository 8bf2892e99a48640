using System.Collections;
using DistillDsl.Backbones.EfficientNet;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Backbones.EfficientNet;

/// <summary>Compares <see cref="EfficientNetB0"/> with torchvision 0.14's efficientnet_b0 on the same weights.
/// Fixtures/EfficientNet/efficientnet_b0_taps.pth was written once by make_efficientnet_b0_reference.py (run with Debian's
/// /usr/bin/python3, python3-torch 1.13, python3-torchvision 0.14): weights from the formula that
/// <see cref="FormulaWeights"/> repeats, a 1×3×64×64 input, eval mode, every tap and the logits.</summary>
public sealed class EfficientNetB0ReferenceTests : IDisposable
{
    /// <summary>Largest difference allowed, relative to the largest magnitude of the reference tensor. Measured here:
    /// see the test output; float32 convolutions in LibTorch 2.10 and torch 1.13 differ only in summation order.</summary>
    private const double RelativeTolerance = 1e-5;

    private readonly ITestOutputHelper output;
    private readonly Hashtable reference;

    public EfficientNetB0ReferenceTests(ITestOutputHelper output)
    {
        this.output = output;
        reference = PyTorchUnpickler.UnpickleStateDict(Path.Combine(AppContext.BaseDirectory, "Fixtures", "EfficientNet", "efficientnet_b0_taps.pth"));
    }

    public void Dispose()
    {
        foreach (Tensor t in reference.Values) t.Dispose();
    }

    private Tensor Reference(string key) => (Tensor)(reference[key] ?? throw new KeyNotFoundException(key));

    [Fact]
    public void The_weight_formula_gives_the_same_numbers_as_the_python_script()
    {
        using Tensor input = FormulaWeights.Input(1, 3, 64, 64);
        AssertIdentical(Reference("input"), input);

        foreach (string name in new[] { "features.0.0.weight", "features.0.1.weight", "features.0.1.running_var", "features.2.1.block.2.fc1.bias" })
        {
            Tensor expected = Reference("weight:" + name);
            using Tensor actual = FormulaWeights.Value(name, expected.shape);
            AssertIdentical(expected, actual);
        }
    }

    [Fact]
    public void Taps_and_logits_match_torchvision()
    {
        using var model = new EfficientNetB0();
        FormulaWeights.Fill(model);
        model.eval();
        using Tensor input = FormulaWeights.Input(1, 3, 64, 64);

        using (no_grad())
        {
            IReadOnlyDictionary<string, Tensor> taps = model.ForwardTaps(input, model.Info.TapNames.ToList());
            foreach ((string tap, Tensor actual) in taps)
            {
                AssertClose(tap, Reference(tap), actual);
                actual.Dispose();
            }
            using Tensor logits = model.forward(input);
            AssertClose("logits", Reference("logits"), logits);
        }
    }

    [Fact]
    public void A_training_step_updates_batch_norm_statistics_like_torchvision()
    {
        using var model = new EfficientNetB0();
        FormulaWeights.Fill(model);
        model.train();
        using Tensor input = FormulaWeights.Input(1, 3, 64, 64);

        using (no_grad())
        {
            foreach (Tensor t in model.ForwardTaps(input, ["stem"]).Values) t.Dispose();
        }

        var state = model.state_dict();
        AssertClose("running_mean", Reference("after_train_step:features.0.1.running_mean"), state["features.0.1.running_mean"]);
        AssertClose("running_var", Reference("after_train_step:features.0.1.running_var"), state["features.0.1.running_var"]);
        Assert.Equal(1L, state["features.0.1.num_batches_tracked"].item<long>());
        Assert.Equal(1L, Reference("after_train_step:features.0.1.num_batches_tracked").item<long>());
    }

    private static void AssertIdentical(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
    }

    private void AssertClose(string name, Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = expected.abs().max().item<float>();
        double difference = (expected - actual).abs().max().item<float>();
        output.WriteLine($"{name,-14} max |reference| {scale,9:G4}  max |difference| {difference,9:G3}  relative {difference / scale,9:G3}");
        Assert.True(difference <= RelativeTolerance * scale, $"{name}: max difference {difference:G4} > {RelativeTolerance:G2} × {scale:G4}");
    }
}

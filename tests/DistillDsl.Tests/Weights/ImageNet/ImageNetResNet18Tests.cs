using DistillDsl.Backbones.ResNet;
using DistillDsl.Spec.Backbones;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Weights.ImageNet;

/// <summary>The converted CNTK ResNet-18 against ONNX Runtime running the package's own ONNX files.</summary>
[Collection(ConvertedResNet18Collection.Name)]
public class ImageNetResNet18Tests(ConvertedResNet18Fixture converted, ITestOutputHelper output)
{
    /// <summary>Largest |TorchSharp − ONNX Runtime| allowed, relative to the largest |ONNX Runtime| activation of the same tensor.
    /// Measured on CPU (TorchSharp 0.107, ONNX Runtime 1.31): at most 1.0e-6 at every tap (max abs 1.6e-5 with activations up to 23);
    /// a one-pixel shift gives 1.3e-1. The test output prints the numbers.</summary>
    private const double RelativeTolerance = 1e-5;

    // Value names in ResNet18.onnx of the end of each tap: the max pool, then the last ReLU of each stage; then the 7×7 average pool.
    private static readonly Dictionary<string, string> TapValues = new()
    {
        ["stem"] = "Pooling255_Output_0",
        ["layer1"] = "ReLU283_Output_0",
        ["layer2"] = "ReLU315_Output_0",
        ["layer3"] = "ReLU347_Output_0",
        ["layer4"] = "ReLU393_Output_0",
    };
    private const string PooledValue = "Pooling395_Output_0";

    private static readonly int[] InputShape = { 1, 3, 224, 224 };

    [Fact]
    public void Every_tap_and_the_pooled_output_match_onnx_runtime()
    {
        float[] input = RandomInput(seed: 1);
        var reference = OnnxRuntimeReference.Run(ConvertedResNet18Fixture.NetworkOnnx, input, InputShape, TapValues.Values.Append(PooledValue));

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor x = tensor(input, InputShape.Select(size => (long)size).ToArray());
        var taps = converted.Teacher.Backbone.ForwardTaps(x, TapValues.Keys.ToList());
        Tensor pooled = converted.Teacher.Backbone.forward(x);

        foreach (var (tap, value) in TapValues)
        {
            AssertClose(tap, reference[value], taps[tap]);
        }
        Assert.Equal(new long[] { 1, 512 }, pooled.shape);
        AssertClose("pooled", reference[PooledValue], pooled);
    }

    [Fact]
    public void A_one_pixel_shift_is_far_outside_the_tolerance()
    {
        // What a wrong padding would do: shift the image one pixel down and right. The comparison above must see it.
        float[] input = RandomInput(seed: 2);
        float[] reference = OnnxRuntimeReference.Run(ConvertedResNet18Fixture.NetworkOnnx, input, InputShape, new[] { PooledValue })[PooledValue];

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor x = tensor(input, InputShape.Select(size => (long)size).ToArray());
        Tensor shifted = nn.functional.pad(x, new long[] { 1, 0, 1, 0 })[.., .., ..224, ..224];
        Tensor pooled = converted.Teacher.Backbone.forward(shifted);

        double relative = RelativeMaxDifference(reference, pooled);
        output.WriteLine($"one-pixel shift: max |diff| / max |reference| = {relative:E2} on the pooled output");
        Assert.True(relative > 1000 * RelativeTolerance, $"a one-pixel shift differs by only {relative:E2}");
    }

    [Fact]
    public void Bgr_means_are_those_of_the_preprocessing_mean_image()
    {
        // Reference values: per-channel means of ResNetPreprocess.onnx's MeanImage, computed with python3-onnx (shared/notes/pretrained-weights.md).
        var means = converted.Teacher.BgrMeans;

        Assert.Equal(InputNormalization.BgrMean, converted.Teacher.Normalization);
        Assert.Equal(3, means.Count);
        Assert.Equal(103.06, means[0], 0.01);
        Assert.Equal(115.90, means[1], 0.01);
        Assert.Equal(123.15, means[2], 0.01);
    }

    [Fact]
    public void Normalize_agrees_with_the_preprocessing_graph_channel_by_channel()
    {
        // ResNetPreprocess.onnx takes RGB 0..255 and subtracts a whole mean image; Normalize takes RGB 0..1 and subtracts its
        // per-channel means. The two differ pixel by pixel (the mean image varies, std about 5) but not in per-channel average.
        var random = new Random(3);
        float[] rgb255 = Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)random.Next(256)).ToArray();
        float[] reference = OnnxRuntimeReference.Run(ConvertedResNet18Fixture.PreprocessOnnx, rgb255, InputShape, new[] { "PreprocessedInput" })["PreprocessedInput"];

        using var scope = NewDisposeScope();
        Tensor normalized = converted.Teacher.Normalize(tensor(rgb255, new long[] { 1, 3, 224, 224 }) / 255);
        Tensor referenceTensor = tensor(reference, new long[] { 1, 3, 224, 224 });

        float[] ours = normalized.mean(new long[] { 0, 2, 3 }).data<float>().ToArray();
        float[] theirs = referenceTensor.mean(new long[] { 0, 2, 3 }).data<float>().ToArray();
        for (int channel = 0; channel < 3; channel++) Assert.Equal(theirs[channel], ours[channel], 1e-3);
    }

    [Fact]
    public void The_teacher_is_frozen_and_in_eval_mode()
    {
        var backbone = converted.Teacher.Backbone;

        Assert.False(backbone.training);
        Assert.All(backbone.modules(), module => Assert.False(module.training));
        Assert.All(backbone.parameters(), parameter => Assert.False(parameter.requires_grad));
        Assert.Equal(ResNet18Options.Cntk, backbone.Options);
    }

    private void AssertClose(string name, float[] reference, Tensor actual)
    {
        double relative = RelativeMaxDifference(reference, actual);
        double largest = reference.Max(MathF.Abs);
        output.WriteLine($"{name}: max |diff| = {relative * largest:E2}, max |reference| = {largest:F2}, relative {relative:E2}");
        Assert.True(relative <= RelativeTolerance, $"{name}: relative difference {relative:E2} exceeds {RelativeTolerance:E0}");
    }

    private static double RelativeMaxDifference(float[] reference, Tensor actual)
    {
        float[] values = actual.contiguous().data<float>().ToArray();
        Assert.Equal(reference.Length, values.Length);
        double largestDifference = 0, largest = 0;
        for (int i = 0; i < values.Length; i++)
        {
            largestDifference = Math.Max(largestDifference, Math.Abs(values[i] - reference[i]));
            largest = Math.Max(largest, Math.Abs(reference[i]));
        }
        return largestDifference / largest;
    }

    /// <summary>Uniform in [−128, 128): the range of a BGR-mean-subtracted image.</summary>
    private static float[] RandomInput(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 3 * 224 * 224).Select(_ => random.NextSingle() * 256 - 128).ToArray();
    }
}

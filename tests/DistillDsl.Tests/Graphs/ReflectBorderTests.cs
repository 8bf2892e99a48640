using DistillDsl.Graphs;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Graphs;

/// <summary>A teacher's <c>reflect_border</c>: the mirror against hand-computed values, and a branch's teacher features
/// against the teacher run on an image mirrored here by index arithmetic and cropped by hand.</summary>
public class ReflectBorderTests
{
    [Fact]
    public void Pad_mirrors_without_repeating_the_edge_row()
    {
        // One channel, 2×3: rows [0 1 2] and [3 4 5], mirrored out by 1 pixel on each side.
        using Tensor image = arange(6, dtype: float32).reshape(1, 1, 2, 3);
        using Tensor padded = ReflectBorder.Pad(image, 1);
        float[] expected =
        [
            4, 3, 4, 5, 4,
            1, 0, 1, 2, 1,
            4, 3, 4, 5, 4,
            1, 0, 1, 2, 1,
        ];
        Assert.Equal([1L, 1, 4, 5], padded.shape);
        Assert.Equal(expected, padded.data<float>().ToArray());
    }

    [Fact]
    public void Crop_takes_border_over_stride_positions_off_each_side()
    {
        TeacherSpec teacher = BorderedSpec(16).Teachers[0];
        Assert.Equal([4, 2], ReflectBorder.Cuts(teacher, BackboneCatalog.Find("resnet18")!));
        using Tensor features = arange(36, dtype: float32).reshape(1, 1, 6, 6);
        using Tensor cropped = ReflectBorder.Crop(features, 16 / 8);
        Assert.Equal([1L, 1, 2, 2], cropped.shape);
        Assert.Equal([14f, 15, 20, 21], cropped.contiguous().data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => ReflectBorder.Cuts(teacher with { ReflectBorder = 12 }, BackboneCatalog.Find("resnet18")!));
    }

    [Fact]
    public void Zero_border_leaves_the_tensors_alone()
    {
        using Tensor image = ones(1, 3, 8, 8);
        Assert.Same(image, ReflectBorder.Pad(image, 0));
        Assert.Same(image, ReflectBorder.Crop(image, 0));
    }

    [Fact]
    public void Branch_features_are_the_teachers_on_the_mirrored_image_cropped_back()
    {
        const int border = 16;
        DistillSpec spec = BorderedSpec(border);
        using DistillGraph graph = EvalGraph(spec);
        DistillBranch branch = graph.Branches.Single();
        using var scope = NewDisposeScope();
        Tensor rgb = Images(seed: 4);

        var features = branch.Features(rgb);

        // The mirror by index: position i of the padded axis reads |i| before the image and 2(S − 1) − i after it.
        int side = TestSpecs.SmallSide;
        long[] source = Enumerable.Range(-border, side + 2 * border).Select(i => (long)(i < 0 ? -i : i >= side ? 2 * (side - 1) - i : i)).ToArray();
        Tensor index = tensor(source);
        Tensor mirrored = branch.Normalization.Apply(rgb).index_select(2, index).index_select(3, index);
        var taps = branch.Teacher.ForwardTaps(mirrored, ["layer1", "layer2"]);
        Tensor layer1 = TapPooling.Apply(taps["layer1"][.., .., (border / 4)..^(border / 4), (border / 4)..^(border / 4)], spec.Teachers[0].Taps[0]);
        Tensor layer2 = taps["layer2"][.., .., (border / 8)..^(border / 8), (border / 8)..^(border / 8)];

        Assert.Equal(new long[] { 2, 64, 16, 16 }, features[0].Pair.Teacher.shape);
        Assert.Equal(new long[] { 2, 128, 8, 8 }, features[1].Pair.Teacher.shape);
        Assert.True(features[0].Pair.Teacher.allclose(layer1, rtol: 1e-5, atol: 1e-5));
        Assert.True(features[1].Pair.Teacher.allclose(layer2, rtol: 1e-5, atol: 1e-5));
        // And not what the teacher gives without the border (else the comparison above could not fail for the crop).
        Tensor plain = branch.Teacher.ForwardTaps(branch.Normalization.Apply(rgb), ["layer2"])["layer2"];
        Assert.False(features[1].Pair.Teacher.allclose(plain, rtol: 1e-3, atol: 1e-3));
    }

    /// <summary>A ResNet-18 memory bank with the given reflect border, tapping <paramref name="taps"/> (default: layer1 as a
    /// 3×3 neighbourhood mean, and layer2).</summary>
    private static DistillSpec BorderedSpec(int border, params string[] taps) => TestSpecs.WithTeachers(string.Join("\n",
        [
            "  - name: resnet",
            "    backbone: resnet18",
            "    weights: random",
            $"    reflect_border: {border}",
            "    taps:",
            .. (taps.Length > 0 ? taps : ["{ name: layer1, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }", "layer2"]).Select(t => "      - " + t),
            "    student: { kind: memory_bank, bank_size: 50 }",
        ]));

    private static DistillGraph EvalGraph(DistillSpec spec)
    {
        var graph = new DistillGraph(spec, new GraphBuildOptions { RandomTeacherWeights = true, Seed = 3 });
        graph.eval();
        return graph;
    }

    /// <summary>Two random RGB images at the small test side.</summary>
    private static Tensor Images(int seed) => rand(2, 3, TestSpecs.SmallSide, TestSpecs.SmallSide, generator: new Generator((ulong)seed));

    [Fact]
    public void The_image_tap_is_the_normalised_input_mirrored_cropped_pooled_and_centred()
    {
        DistillSpec spec = BorderedSpec(8, "{ name: image, pool: { kind: avg, kernel: 4, stride: 4 }, center: image_mean, feature_norm: none }", "layer1");
        using DistillGraph graph = EvalGraph(spec);
        DistillBranch branch = graph.Branches.Single();
        using var scope = NewDisposeScope();
        Tensor rgb = Images(seed: 5);

        var features = branch.Features(rgb);

        // By hand: the normalised image (the mirror cropped back is the image itself), 4×4 block means, minus their mean.
        int side = TestSpecs.SmallSide;
        Tensor blocks = branch.Normalization.Apply(rgb).reshape(2, 3, side / 4, 4, side / 4, 4).mean([3, 5]);
        Tensor expected = blocks - blocks.mean([2, 3], keepdim: true);
        Assert.Equal("image", features[0].Tap);
        Assert.Equal(new long[] { 2, 3, side / 4, side / 4 }, features[0].Pair.Teacher.shape);
        Assert.True(features[0].Pair.Teacher.allclose(expected, rtol: 1e-5, atol: 1e-5));
        Assert.Equal(new long[] { 2, 64, side / 4, side / 4 }, features[1].Pair.Teacher.shape);
        // The image bank compares raw (centred) colours, the layer1 bank channel-normalised features (the map's default).
        var banks = ((DistillDsl.Methods.MemoryBank.MemoryBankStudent)branch.StudentNetwork).Banks;
        Assert.Equal([("image", false, 3L), ("layer1", true, 64L)], banks.Select(b => (b.Tap, b.Bank.Normalized, b.Bank.Channels)).ToArray());
    }
}

using DistillDsl.Graphs;
using DistillDsl.Scoring;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Graphs;

/// <summary>A built graph wires the spec's values into the equations: its loss, maps and pooled features equal what the
/// paper's equations give when written out by hand from the same features.</summary>
public class GraphEquationTests
{
    private const int Side = TestSpecs.SmallSide;
    private static readonly GraphBuildOptions Options = new() { RandomTeacherWeights = true, Seed = 3 };

    private static Tensor Images() => rand(2, 3, Side, Side, generator: new Generator(5));

    [Fact]
    public void Mixed_teacher_paper_loss_is_eq8_with_alpha_one_tenth_on_efficientnet()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("mixed_teacher_paper"), Options);
        using Tensor rgb = Images();
        using GraphFeatures f = graph.forward(rgb);

        // Eq. 2–4 per teacher: Σ over taps of the pixel mean of ½‖norm T − norm S‖.
        double resnet = TapLoss(f, "resnet", "stem") + TapLoss(f, "resnet", "layer1") + TapLoss(f, "resnet", "layer2");
        double effnet = TapLoss(f, "effnet", "stage5") + TapLoss(f, "effnet", "stage6");

        Assert.Equal(resnet, graph.TeacherLoss(f, "resnet").item<float>(), 5);
        Assert.Equal(effnet, graph.TeacherLoss(f, "effnet").item<float>(), 5);
        Assert.Equal(resnet + 0.1 * effnet, graph.Loss(f).item<float>(), 5);
    }

    [Fact]
    public void Reduced_student_code_loss_is_the_mean_of_squared_distances_over_taps()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("reduced_student_code"), Options);
        using Tensor rgb = Images();
        using GraphFeatures f = graph.forward(rgb);

        double expected = (SquaredTapLoss(f, "resnet", "layer1") + SquaredTapLoss(f, "resnet", "layer2")) / 2;
        Assert.Equal(expected, graph.Loss(f).item<float>(), 5);
    }

    [Fact]
    public void Tap_weights_multiply_their_taps_loss()
    {
        DistillSpec spec = TestSpecs.WithTeachers("""
              - name: resnet
                backbone: resnet18
                weights: random
                taps: [layer1, { name: layer2, weight: 0.25 }]
                student: mirror
            """);
        using var graph = new DistillGraph(spec, new GraphBuildOptions { Seed = 1 });
        using Tensor rgb = Images();
        using GraphFeatures f = graph.forward(rgb);

        Assert.Equal(TapLoss(f, "resnet", "layer1") + 0.25 * TapLoss(f, "resnet", "layer2"), graph.Loss(f).item<float>(), 5);
    }

    [Fact]
    public void Teacher_features_are_the_normalised_teachers_taps_pooled_as_the_config_says()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("reduced_student_paper"), Options);
        using Tensor rgb = Images();
        using GraphFeatures f = graph.forward(rgb);
        DistillBranch branch = graph.Branch("resnet");

        // An ImageNet ResNet-18 teacher takes BGR-mean input (its ONNX weights' preprocessing), even with random weights.
        Assert.Equal(InputNormalization.BgrMean, branch.Normalization.Kind);
        var taps = branch.Teacher.ForwardTaps(branch.Normalization.Apply(rgb), ["stem", "layer1", "layer3"]);

        Assert.True(f.Teacher("resnet", "stem").allclose(taps["stem"], rtol: 0, atol: 0), "the stem is neither pooled nor reduced");
        // layer1 at 64×64: 64 × 16 × 16 → adaptive_avg to 8 × 8 (32 / 4) → channel pairs averaged to 32.
        using Tensor layer1 = nn.functional.adaptive_avg_pool2d(taps["layer1"], [8, 8]).reshape(2, 32, 2, 8, 8).mean([2]);
        Assert.True(f.Teacher("resnet", "layer1").allclose(layer1, rtol: 1e-5, atol: 1e-6));
        using Tensor layer3 = nn.functional.adaptive_avg_pool2d(taps["layer3"], [2, 2]).reshape(2, 128, 2, 2, 2).mean([2]);
        Assert.True(f.Teacher("resnet", "layer3").allclose(layer3, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Mixed_teacher_paper_map_is_eq11_with_minmax_of_eq9_and_eq10_and_its_score_eq12()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("mixed_teacher_paper"), Options);
        using Tensor rgb = Images();
        using GraphFeatures f = graph.forward(rgb);
        using var noGrad = no_grad();

        Tensor resnet = UpsampledDistance(f, "resnet", "stem", 0.5, l2: true) + UpsampledDistance(f, "resnet", "layer1", 0.5, l2: true)
                        + UpsampledDistance(f, "resnet", "layer2", 0.5, l2: true);
        Tensor effnet = UpsampledDistance(f, "effnet", "stage5", 0.5, l2: true) + UpsampledDistance(f, "effnet", "stage6", 0.5, l2: true);
        Tensor min = effnet.amin([1, 2, 3], keepdim: true), max = effnet.amax([1, 2, 3], keepdim: true);
        Tensor expected = resnet * (max - min) * ((effnet - min) / (max - min));

        using Tensor map = graph.AnomalyMap(f, Side, Side);
        Assert.True(map.allclose(expected, rtol: 1e-4, atol: 1e-6), "the graph's map is not Eq. 11");
        Assert.True(graph.Score(map).allclose(expected.sum([1, 2, 3]), rtol: 1e-4), "the score is not Eq. 12");
    }

    [Fact]
    public void Mixed_teacher_code_map_is_the_smoothed_l2_height_modulation_of_area_scaled_squared_distances()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("mixed_teacher_code"), Options);
        using Tensor rgb = Images();
        using GraphFeatures f = graph.forward(rgb);
        using var noGrad = no_grad();

        // ½‖…‖² / (h·w): layer1 and layer2 pooled to 8×8 and 4×4 at 64×64; stage5 4×4, stage7 2×2.
        Tensor resnet = UpsampledDistance(f, "resnet", "layer1", 0.5 / 64, l2: false) + UpsampledDistance(f, "resnet", "layer2", 0.5 / 16, l2: false);
        Tensor effnet = UpsampledDistance(f, "effnet", "stage5", 0.5 / 16, l2: false) + UpsampledDistance(f, "effnet", "stage7", 0.5 / 4, l2: false);
        Tensor extent = effnet.amax([1, 2, 3], keepdim: true) - effnet.amin([1, 2, 3], keepdim: true);
        Tensor columnNorms = effnet.pow(2).sum(2, keepdim: true).sqrt();
        Tensor expected = GaussianSmoothing.Apply(resnet * extent * (effnet / columnNorms), 4);

        using Tensor map = graph.AnomalyMap(f, Side, Side);
        Assert.True(map.allclose(expected, rtol: 1e-4, atol: 1e-7), "the graph's map is not the authors' modulation");
        Assert.True(graph.Score(map).allclose(map.flatten(1).amax(1)), "the score is not the map's maximum");
    }

    [Fact]
    public void Stpm_map_is_the_product_of_the_upsampled_squared_tap_distances()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("stpm"), Options);
        using Tensor rgb = Images();
        using GraphFeatures f = graph.forward(rgb);
        using var noGrad = no_grad();

        Tensor expected = UpsampledDistance(f, "resnet", "layer1", 0.5, l2: false) * UpsampledDistance(f, "resnet", "layer2", 0.5, l2: false)
                          * UpsampledDistance(f, "resnet", "layer3", 0.5, l2: false);

        using Tensor map = graph.AnomalyMap(f, Side, Side);
        Assert.True(map.allclose(expected, rtol: 1e-4, atol: 1e-9));
    }

    /// <summary>factor × ‖norm T − norm S‖ (or its square) per pixel, bilinearly upsampled to the input size, written out.</summary>
    private static Tensor UpsampledDistance(GraphFeatures f, string branch, string tap, double factor, bool l2)
    {
        Tensor difference = nn.functional.normalize(f.Teacher(branch, tap), dim: 1) - nn.functional.normalize(f.Student(branch, tap), dim: 1);
        Tensor squared = difference.pow(2).sum(1, keepdim: true);
        Tensor distance = (l2 ? squared.sqrt() : squared) * factor;
        return nn.functional.interpolate(distance, [Side, Side], mode: InterpolationMode.Bilinear, align_corners: false);
    }

    private static double TapLoss(GraphFeatures f, string branch, string tap)
    {
        using var scope = NewDisposeScope();
        Tensor difference = nn.functional.normalize(f.Teacher(branch, tap), dim: 1) - nn.functional.normalize(f.Student(branch, tap), dim: 1);
        return (0.5 * difference.pow(2).sum(1).sqrt()).mean().item<float>();
    }

    private static double SquaredTapLoss(GraphFeatures f, string branch, string tap)
    {
        using var scope = NewDisposeScope();
        Tensor difference = nn.functional.normalize(f.Teacher(branch, tap), dim: 1) - nn.functional.normalize(f.Student(branch, tap), dim: 1);
        return (0.5 * difference.pow(2).sum(1)).mean().item<float>();
    }
}

using DistillDsl.Backbones.ResNet;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Tests.Data;
using DistillDsl.Tests.Weights.ImageNet;
using DistillDsl.Weights;
using DistillDsl.Weights.Torchvision;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Graphs;

/// <summary>Each <c>weights</c> source gives the teacher the spec asks for.</summary>
public class TeacherWeightsTests
{
    private const string ResNetLayer1Mirror = """
          - name: resnet
            backbone: resnet18
            weights: WEIGHTS
            NORMALIZATION
            taps: [layer1]
            student: mirror
        """;

    private static DistillSpec ResNetTeacher(string weights, string normalization = "") =>
        TestSpecs.WithTeachers(ResNetLayer1Mirror.Replace("WEIGHTS", weights).Replace("NORMALIZATION", normalization));

    [Fact]
    public void A_file_teacher_loads_its_torchvision_state_dict_relative_to_the_base_directory()
    {
        using var folder = new TempFolder();
        using var saved = new ResNet18(ResNet18Options.Torchvision);
        SeededInitialisation.Apply(saved, 42);
        WeightsCache.Save(saved, folder.File("weights/teacher.safetensors"));

        using var graph = new DistillGraph(ResNetTeacher("{ file: weights/teacher.safetensors }"), new GraphBuildOptions { BaseDirectory = folder.Path });

        var loaded = graph.Branch("resnet").Teacher.AsModule().state_dict();
        Assert.All(saved.state_dict(), entry => Assert.True(entry.Value.allclose(loaded[entry.Key], rtol: 0, atol: 0), $"{entry.Key} was not loaded"));
        Assert.Same(NormalizationParameters.ImageNet, graph.Branch("resnet").Normalization);
    }

    [Fact]
    public void A_missing_file_names_the_teacher_and_the_resolved_path()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<WeightsException>(() =>
            new DistillGraph(ResNetTeacher("{ file: missing.pth }"), new GraphBuildOptions { BaseDirectory = folder.Path }));
        Assert.Contains("Teacher 'resnet'", error.Message);
        Assert.Contains(Path.Combine(folder.Path, "missing.pth"), error.Message);
        Assert.Equal(Path.Combine(folder.Path, "missing.pth"), error.FilePath);
    }

    [Fact]
    public void An_efficientnet_imagenet_teacher_without_its_checkpoint_fails_clearly()
    {
        using var empty = new TempFolder();
        DistillSpec spec = TestSpecs.WithTeachers("""
              - name: effnet
                backbone: efficientnet_b0
                taps: [stage2]
                student: light
            """);
        var options = new GraphBuildOptions { TorchHub = new TorchHubEnvironment(empty.Path, null, empty.Path) };

        var error = Assert.Throws<WeightsException>(() => new DistillGraph(spec, options));

        Assert.Contains("Teacher 'effnet'", error.Message);
        Assert.Contains(BackboneCatalog.EfficientNetB0Info.TorchvisionCheckpoint, error.Message);
        Assert.Contains(nameof(GraphBuildOptions.RandomTeacherWeights), error.Message);
        Assert.Contains(error.SearchedLocations, location => location.StartsWith(empty.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void A_random_teacher_needs_no_file_is_seeded_and_keeps_the_configured_normalisation()
    {
        DistillSpec spec = ResNetTeacher("random", "normalization: bgr_mean");
        using var first = new DistillGraph(spec, new GraphBuildOptions { Seed = 5 });
        using var second = new DistillGraph(spec, new GraphBuildOptions { Seed = 5 });
        using var other = new DistillGraph(spec, new GraphBuildOptions { Seed = 6 });

        Tensor Conv1(DistillGraph g) => g.Branch("resnet").Teacher.AsModule().state_dict()["conv1.weight"];
        Assert.True(Conv1(first).allclose(Conv1(second), rtol: 0, atol: 0));
        Assert.False(Conv1(first).allclose(Conv1(other)));
        Assert.Equal(InputNormalization.BgrMean, first.Branch("resnet").Normalization.Kind);
        // weights: random keeps the torchvision layout (two blocks in layer4).
        Assert.Equal(ResNet18Options.Torchvision, ((ResNet18)first.Branch("resnet").Teacher).Options);
    }
}

/// <summary>The ImageNet ResNet-18 teacher is the ONNX model's, with its own BGR-mean preprocessing.</summary>
[Collection(ConvertedResNet18Collection.Name)]
public class ImageNetTeacherTests(ConvertedResNet18Fixture converted)
{
    [Fact]
    public void An_imagenet_resnet18_teacher_is_the_converted_onnx_network_with_its_bgr_means()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("stpm"), new GraphBuildOptions { WeightsCacheDirectory = converted.CacheDirectory });
        DistillBranch branch = graph.Branch("resnet");

        var expected = converted.Teacher.Backbone.state_dict();
        var actual = branch.Teacher.AsModule().state_dict();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, entry => Assert.True(entry.Value.allclose(actual[entry.Key], rtol: 0, atol: 0), $"{entry.Key} differs from the ONNX weights"));
        Assert.Equal(converted.Teacher.InputNormalization, branch.Normalization);

        // The graph's teacher features are the ONNX network's taps of the BGR-mean-normalised images.
        using Tensor rgb = rand(1, 3, TestSpecs.SmallSide, TestSpecs.SmallSide);
        using var features = graph.forward(rgb);
        var reference = converted.Teacher.Backbone.ForwardTaps(converted.Teacher.Normalize(rgb), ["layer3"]);
        Assert.True(features.Teacher("resnet", "layer3").allclose(reference["layer3"], rtol: 0, atol: 0));
    }
}

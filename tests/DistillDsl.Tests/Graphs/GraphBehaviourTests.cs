using DistillDsl.Data;
using DistillDsl.Devices;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Tests.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Graphs;

/// <summary>Input checks, invalid specs, tensor ownership and RGB batches.</summary>
public class GraphBehaviourTests
{
    private static readonly GraphBuildOptions Options = new() { RandomTeacherWeights = true };

    [Fact]
    public void Input_of_another_size_is_rejected_with_the_expected_shape()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("reduced_student_code"), Options);
        using Tensor wrong = rand(2, 3, 32, 32);
        var error = Assert.Throws<ArgumentException>(() => graph.forward(wrong));
        Assert.Contains("[B, 3, 64, 64]", error.Message);
        Assert.Contains("[2, 3, 32, 32]", error.Message);
    }

    [Fact]
    public void An_invalid_spec_is_refused_with_its_diagnostics()
    {
        // The paper config's absolute adaptive sizes (32, 16, 8) enlarge the taps of a 64×64 input.
        DistillSpec spec = TestSpecs.Shipped("reduced_student_paper") is var paper ? paper with { Input = paper.Input with { Height = 64, Width = 64 } } : null!;
        var error = Assert.Throws<ArgumentException>(() => new DistillGraph(spec, Options));
        Assert.Contains("DD0019", error.Message);
        Assert.Contains("reduced_student_paper", error.Message);
    }

    [Fact]
    public void An_unknown_device_is_reported_by_the_device_selector()
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => new DistillGraph(TestSpecs.ShippedSmall("stpm"), Options with { Device = "gpu" }));
        Assert.Contains("'cpu', 'cuda' or 'cuda:N'", error.Message);
    }

    [Fact]
    public void Forward_loss_map_and_score_leave_no_tensor_behind_in_the_callers_scope()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("mixed_teacher_code"), Options);
        using Tensor rgb = rand(2, 3, TestSpecs.SmallSide, TestSpecs.SmallSide);
        var statistics = DisposeScopeManager.Statistics;
        Run(); // warm up: lazily created module state does not count

        long liveBefore = statistics.ThreadTotalLiveCount;
        long createdBefore = statistics.CreatedInScopeCount;
        Run();

        Assert.True(statistics.CreatedInScopeCount > createdBefore, "nothing ran inside the scope");
        Assert.Equal(liveBefore, statistics.ThreadTotalLiveCount);

        void Run()
        {
            using var scope = NewDisposeScope();
            GraphFeatures features = graph.forward(rgb);
            graph.Loss(features).backward();
            using var noGrad = no_grad();
            graph.Score(graph.AnomalyMap(features, TestSpecs.SmallSide, TestSpecs.SmallSide));
        }
    }

    [Fact]
    public void Graph_features_own_their_tensors_and_name_missing_taps()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("reduced_student_code"), Options);
        using Tensor rgb = rand(1, 3, TestSpecs.SmallSide, TestSpecs.SmallSide);
        GraphFeatures features = graph.forward(rgb);
        TapPair pair = features.Pair("resnet", "layer2");

        var error = Assert.Throws<KeyNotFoundException>(() => features.Teacher("resnet", "stem"));
        Assert.Contains("resnet/layer1, resnet/layer2", error.Message);

        features.Dispose();
        Assert.True(pair.Teacher.IsInvalid && pair.Student.IsInvalid, "disposing the features left their tensors alive");
        Assert.False(rgb.IsInvalid);
    }

    [Fact]
    public void A_batch_stream_without_normalisation_yields_the_rgb_a_graph_takes()
    {
        using var folder = new TempFolder();
        var samples = Enumerable.Range(0, 2)
            .Select(i => new DatasetSample(TestImages.Png(folder.File($"{i}.png"), 80, 80, 3), null, false, "good"))
            .ToList();
        var preprocessing = ImagePreprocessing.Rgb(TestSpecs.SmallSide);
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("stpm"), Options);

        using Batch batch = new BatchStream(samples, preprocessing, batchSize: 2, prefetch: false).Single();

        using Tensor expected = preprocessing.LoadRgb(samples[1].ImagePath);
        Assert.True(batch.Images[1].allclose(expected, rtol: 0, atol: 0), "the batch is not the resized RGB image");
        Assert.True(batch.Images.min().item<float>() >= 0 && batch.Images.max().item<float>() <= 1);
        Assert.True(preprocessing.LoadImage(samples[1].ImagePath).allclose(expected, rtol: 0, atol: 0));
        using var features = graph.forward(batch.Images);
        Assert.Equal(2, features.Teacher("resnet", "layer1").shape[0]);
    }
}

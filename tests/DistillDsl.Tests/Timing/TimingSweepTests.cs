using DistillDsl.Configs;
using DistillDsl.Devices;
using DistillDsl.Fusion;
using DistillDsl.Graphs;
using DistillDsl.Tests.Data;
using DistillDsl.Tests.Training;
using DistillDsl.Timing;
using DistillDsl.Weights.Torchvision;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Timing;

/// <summary>The sweep's plan and bookkeeping, with real graphs (random teacher weights, tiny images) and a fake path that
/// records what it was run with. In the serial collection: the sweep sets torch's process-wide thread count.</summary>
[Collection(SerialTrainingCollection.Name)]
public class TimingSweepTests
{
    private static TimingSweepOptions Tiny(params string[] configs) => new()
    {
        Configs = configs,
        ImageSizes = [32],
        BatchSizes = [1, 2],
        Warmup = 0,
        Iterations = 1,
        RandomTeacherWeights = true,
    };

    [Fact]
    public void A_config_that_normalises_its_maps_is_timed_untrained_with_neutral_values()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 1)).Replace(
            "score: max", "anomaly_map: { normalize: validation_quantiles }\nscore: max"), "normalized.yaml");
        int graphs = 0;
        var options = Tiny(config) with
        {
            BatchSizes = [1],
            InferencePath = graph =>
            {
                // The sweep gave the untrained graph values that leave the maps as they are (a = 0, b = 0.1).
                Assert.All(graph.MapNormalization!.Maps, m => Assert.Equal((0.0, 0.1), (m.A, m.B)));
                graphs++;
                return new DistillDsl.Timing.GraphInferencePath(graph);
            },
        };

        List<TimingPoint> points = new TimingSweep(options).Run().ToList();

        // Without the values the graph path would have thrown at the first map.
        Assert.Single(points);
        Assert.Equal(1, graphs);
    }

    [Fact]
    public void Measures_every_combination_in_nesting_order_at_the_asked_thread_counts()
    {
        var paths = new List<FakeInferencePath>();
        var options = Tiny("stpm", "reduced_student_code") with
        {
            ImageSizes = [32, 64],
            Threads = [1, 2],
            InferencePath = graph => Remember(paths, new FakeInferencePath()),
        };
        var sweep = new TimingSweep(options);

        List<TimingPoint> points = sweep.Run().ToList();

        Assert.Equal(16, sweep.PointCount);
        var expected =
            from config in new[] { "stpm", "reduced_student_code" }
            from size in new[] { 32, 64 }
            from threads in new[] { 1, 2 }
            from batch in new[] { 1, 2 }
            select (config, size, threads, batch);
        Assert.Equal(expected, points.Select(p => (p.Config, p.ImageSize, p.Threads, p.BatchSize)));
        Assert.All(points, p => Assert.Equal(("cpu", "fake", 0, 1, "random"), (p.Device, p.InferencePath, p.Warmup, p.Iterations, p.TeacherWeights)));

        // One graph (and path) per config and image size, disposed after its points; torch ran at each point's thread count
        // with the point's input shape.
        Assert.Equal(4, paths.Count);
        Assert.All(paths, p => Assert.True(p.Disposed));
        var runs = paths.SelectMany(p => p.ThreadCounts.Zip(p.InputShapes)).ToList();
        Assert.Equal(points.Select(p => (p.Threads, new long[] { p.BatchSize, 3, p.ImageSize, p.ImageSize })), runs, new ThreadsAndShape());
    }

    [Fact]
    public void Restores_the_thread_count_after_a_full_run_and_after_an_abandoned_one()
    {
        int before = get_num_threads();
        int other = before == 1 ? 2 : 1;
        var options = Tiny("stpm") with { Threads = [other], InferencePath = _ => new FakeInferencePath() };

        _ = new TimingSweep(options).Run().ToList();
        Assert.Equal(before, get_num_threads());

        _ = new TimingSweep(options).Run().First();
        Assert.Equal(before, get_num_threads());
    }

    [Fact]
    public void The_default_path_times_the_fast_path_forward_map_and_score()
    {
        TimingPoint point = Assert.Single(new TimingSweep(Tiny("reduced_student_code") with { BatchSizes = [2] }).Run());

        // Channels-last, unless LibTorch's channels-last convolutions are wrong on this machine.
        Assert.Equal(ChannelsLastSupport.Problem is null ? FastInferencePath.PathName : FastInferencePath.ContiguousPathName, point.InferencePath);
        Assert.True(point.Latency.MinMs > 0);
        Assert.Equal(1000.0 * 2 / point.Latency.MeanMs, point.ImagesPerSecond, 9);
        Assert.Equal(point.Latency.MeanMs / 2, point.MsPerImage, 9);
    }

    [Fact]
    public void The_graph_path_outputs_one_score_per_image_without_autograd_in_eval_mode()
    {
        using DistillGraph graph = new ReducedStudentCodeGraph(new GraphBuildOptions { RandomTeacherWeights = true });
        graph.train();
        using var path = new GraphInferencePath(graph);
        using Tensor rgb = rand(2, 3, 256, 256);

        using Tensor scores = path.Run(rgb);

        Assert.False(graph.training);
        Assert.Equal([2L], scores.shape);
        Assert.False(scores.requires_grad);
        Assert.True(scores.isfinite().all().item<bool>());
    }

    [Fact]
    public void A_config_without_its_weights_is_reported_once_and_the_others_go_on()
    {
        using var emptyHub = new TempFolder();
        var failures = new List<(string Config, Exception Error)>();
        var options = Tiny("mixed_teacher_code", "stpm") with
        {
            ImageSizes = [32, 64],
            RandomTeacherWeights = false,
            BuildOptions = new GraphBuildOptions { TorchHub = new TorchHubEnvironment(emptyHub.Path, null, emptyHub.Path) },
            InferencePath = _ => new FakeInferencePath(),
        };

        List<TimingPoint> points = new TimingSweep(options).Run(onConfigFailed: (config, error) => failures.Add((config, error))).ToList();

        var failure = Assert.Single(failures);
        Assert.Equal("mixed_teacher_code", failure.Config);
        Assert.IsType<WeightsException>(failure.Error);
        Assert.All(points, p => Assert.Equal("stpm", p.Config));
        Assert.Equal(4, points.Count);
        Assert.All(points, p => Assert.Equal("imagenet", p.TeacherWeights));
        Assert.Throws<WeightsException>(() => new TimingSweep(options).Run().ToList());
    }

    [Fact]
    public void Bad_configs_devices_sizes_and_counts_fail_before_anything_is_built()
    {
        int built = 0;
        TimingSweepOptions Counting(TimingSweepOptions o) => o with { InferencePath = _ => { built++; return new FakeInferencePath(); } };

        Assert.Throws<DistillConfigException>(() => new TimingSweep(Counting(Tiny("stpm", "no_such_config"))));
        var device = Assert.Throws<DeviceUnavailableException>(() => new TimingSweep(Counting(Tiny("stpm") with { Devices = ["cpu", "tpu"] })));
        Assert.Equal("tpu", device.Device);
        // reduced_student_paper pools layer1 to 32×32 at 256 px; at 100 px that would be 12.5.
        Assert.Throws<ArgumentException>(() => new TimingSweep(Counting(Tiny("reduced_student_paper") with { ImageSizes = [100] })));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimingSweep(Counting(Tiny("stpm") with { BatchSizes = [1, 0] })));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimingSweep(Counting(Tiny("stpm") with { Iterations = 0 })));
        Assert.Equal(0, built);
    }

    private static FakeInferencePath Remember(List<FakeInferencePath> paths, FakeInferencePath path)
    {
        paths.Add(path);
        return path;
    }

    private sealed class ThreadsAndShape : IEqualityComparer<(int Threads, long[] Shape)>
    {
        public bool Equals((int Threads, long[] Shape) x, (int Threads, long[] Shape) y) => x.Threads == y.Threads && x.Shape.SequenceEqual(y.Shape);

        public int GetHashCode((int Threads, long[] Shape) obj) => obj.Threads;
    }
}

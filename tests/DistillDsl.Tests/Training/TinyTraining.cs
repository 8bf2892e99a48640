using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Tests.Data;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Training;

/// <summary>Training runs small enough for unit tests: 32 × 32 images, a ResNet-18 teacher with seeded random weights
/// tapped at layer1 (8 × 8 × 64) and a one-stage Reduced Student, a dozen PNG images. One epoch takes a fraction of a second.</summary>
internal sealed class TinyTraining : IDisposable
{
    public const int Side = 32;

    private readonly TempFolder folder = new();

    /// <summary>The folder of this run's files: config, images, checkpoints.</summary>
    public string Root => folder.Path;

    /// <summary>A checkpoint folder inside <see cref="Root"/>.</summary>
    public string Output(string name = "run") => Path.Combine(folder.Path, name);

    /// <summary>A config with one ResNet-18 teacher (or two, for <c>students: separate</c>); <paramref name="training"/>
    /// is the YAML under <c>training:</c>, indented by two spaces.</summary>
    public static string Config(string training, bool twoTeachers = false, string name = "tiny", int side = Side) => string.Join("\n",
        $"name: {name}",
        "input:",
        $"  size: {side}",
        "teachers:",
        "  - name: resnet",
        "    backbone: resnet18",
        "    weights: random",
        "    taps: [layer1]",
        "    student: { kind: reduced_resnet, stages: [layer1] }",
        twoTeachers ? string.Join("\n",
            "  - name: second",
            "    backbone: resnet18",
            "    weights: random",
            "    alpha: 0.5",
            "    taps: [layer1]",
            "    student: { kind: reduced_resnet, block: basic, stages: [layer1] }",
            "anomaly_map: { combine: sum }") : "",
        "score: max",
        "training:",
        training);

    /// <summary>The usual preset of these tests: SGD, constant rate, 4 epochs of batch 4, 80/20 split, lowest validation loss.</summary>
    public static string Sgd(double lr = 0.05, int epochs = 4, string extra = "") => string.Join("\n",
        $"  optimizer: {{ kind: sgd, lr: {lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}, momentum: 0.9 }}",
        $"  epochs: {epochs}",
        "  batch_size: 4",
        extra);

    /// <summary>The authors' recipe, scaled down: Adam with betas (0.9, 0.999) and OneCycle up to 10 × lr.</summary>
    public static string AdamOneCycle(double lr = 4e-4, int epochs = 4, string extra = "") => string.Join("\n",
        $"  optimizer: {{ kind: adam, lr: {lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}, betas: [0.9, 0.999] }}",
        "  schedule: { kind: onecycle, max_lr_factor: 10 }",
        $"  epochs: {epochs}",
        "  batch_size: 4",
        extra);

    /// <summary>Writes the config to a YAML file of this run and returns its path.</summary>
    public string WriteConfig(string yaml, string fileName = "tiny.yaml")
    {
        string path = folder.File(Path.Combine("configs", fileName));
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>A new graph of the YAML file (through its <c>ConfigSource</c>), students seeded by <paramref name="seed"/>.</summary>
    public static DistillGraph Graph(string configPath, int seed = 0, int? imageSize = null) =>
        ConfigSource.Resolve(configPath).BuildGraph(imageSize, new GraphBuildOptions { Seed = seed });

    /// <summary><paramref name="count"/> normal images: value-noise textures (one pattern, random phase per image) as PNGs.</summary>
    public IReadOnlyList<DatasetSample> Images(int count = 12, int side = Side)
    {
        var samples = new List<DatasetSample>();
        for (int i = 0; i < count; i++)
        {
            var random = DeterministicRandom.ForStream(7, i);
            int phase = random.NextInt(64);
            byte[] pixels = TestImages.Pixels(side, side, 3, (x, y, c) =>
                (int)(127 + 60 * Math.Sin((x + phase) * 0.7 + c) * Math.Cos((y - phase) * 0.5) + random.NextInt(40) - 20));
            string path = TestImages.Png(folder.File($"images/good/{i:000}.png"), side, side, 3, pixels);
            samples.Add(new DatasetSample(path, null, false, "good"));
        }
        return samples;
    }

    /// <summary>A fresh graph of <paramref name="configPath"/> trained on <paramref name="images"/> into
    /// <see cref="Output"/>(<paramref name="name"/>) (seed 5, one thread): the result and the students before and after.</summary>
    public (TrainingResult Result, Dictionary<string, Tensor> Before, Dictionary<string, Tensor> After) TrainFresh(
        string configPath, IReadOnlyList<DatasetSample> images, string name, bool cache)
    {
        using DistillGraph graph = Graph(configPath);
        var before = StudentState(graph);
        var options = new TrainingOptions { OutputDirectory = Output(name), Seed = 5, Threads = 1, Cache = cache };
        TrainingResult result = new DistillTrainer(graph, options).Train(images);
        return (result, before, StudentState(graph));
    }

    /// <summary>Every student parameter and buffer of the graph, by "teacher/name", copied to the CPU.</summary>
    public static Dictionary<string, Tensor> StudentState(DistillGraph graph) =>
        graph.Branches.SelectMany(b => b.Student.state_dict().Select(p => ($"{b.Name}/{p.Key}", p.Value.detach().cpu().clone())))
            .ToDictionary(p => p.Item1, p => p.Item2);

    /// <summary>Whether two student states are bitwise equal, tensor for tensor.</summary>
    public static bool Identical(Dictionary<string, Tensor> a, Dictionary<string, Tensor> b)
    {
        using var scope = NewDisposeScope();
        return a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out Tensor? other) && p.Value.shape.SequenceEqual(other.shape)
                                                && p.Value.eq(other).all().item<bool>());
    }

    public void Dispose() => folder.Dispose();
}

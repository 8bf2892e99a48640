using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DistillDsl.Checkpoints;
using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Training;

/// <summary>One tiny training run (2 epochs) whose checkpoints the checkpoint tests read, copy and damage.</summary>
public sealed class TrainedTinyRun : IDisposable
{
    private readonly TinyTraining run = new();

    public TrainedTinyRun()
    {
        ConfigPath = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2)));
        Graph = TinyTraining.Graph(ConfigPath);
        Result = new DistillTrainer(Graph, new TrainingOptions { OutputDirectory = run.Output(), Seed = 2 }).Train(run.Images());
    }

    public string ConfigPath { get; }

    /// <summary>The trained graph (holding the best students).</summary>
    public DistillGraph Graph { get; }

    public TrainingResult Result { get; }

    /// <summary>A fresh folder for a test's copies.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(run.Root, name)).FullName;

    internal TinyTraining Run => run;

    public void Dispose()
    {
        Graph.Dispose();
        run.Dispose();
    }
}

/// <summary>The checkpoint format: what best.ckpt and last.ckpt hold, rebuilding graphs from them, and the errors for
/// files that cannot be used.</summary>
public class CheckpointTests(TrainedTinyRun trained) : IClassFixture<TrainedTinyRun>
{
    [Fact]
    public void Best_checkpoint_holds_the_config_text_and_hash_the_image_size_and_the_threshold()
    {
        DistillCheckpoint best = DistillCheckpoint.Read(trained.Result.BestCheckpointPath);
        string yaml = File.ReadAllText(trained.ConfigPath);

        Assert.Equal("tiny", best.ConfigName);
        Assert.Equal(yaml, best.ConfigYaml);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))), best.ConfigSha256);
        Assert.Equal(trained.ConfigPath, best.ConfigFile);
        Assert.Equal((TinyTraining.Side, 2, 0), (best.ImageSize, best.Seed, best.GraphSeed));
        Assert.Equal(trained.Result.BestEpoch, best.Epoch);
        Assert.Equal(trained.Result.BestEpoch, best.StudentEpochs["resnet"]);
        Assert.NotNull(best.Threshold);
        Assert.Equal(trained.Result.Threshold, best.Threshold);
        Assert.True(best.RandomTeacherWeights is false);
        Assert.False(best.IsResumable);

        DistillCheckpoint last = DistillCheckpoint.Read(trained.Result.LastCheckpointPath);
        Assert.True(last.IsResumable);
        Assert.Equal(2, last.Epoch);
        Assert.Null(last.Threshold);
        Assert.Equal(best.ConfigSha256, last.ConfigSha256);
    }

    [Fact]
    public void A_detector_from_the_best_checkpoint_scores_new_images_against_the_stored_threshold()
    {
        var detector = DistillDsl.Inference.AnomalyDetector.FromCheckpoint(trained.Result.BestCheckpointPath);
        using (detector.Graph)
        {
            Assert.Equal(trained.Result.Threshold, detector.Threshold);
            string[] images = trained.Run.Images().Select(s => s.ImagePath).Take(4).ToArray();
            var results = detector.Score(images).ToList();
            Assert.Equal(images, results.Select(r => r.ImagePath));
            Assert.All(results, r => Assert.Equal(r.Score >= detector.Threshold.Value, r.IsAnomalous));
        }

        var error = Assert.Throws<CheckpointException>(() => DistillDsl.Inference.AnomalyDetector.FromCheckpoint(trained.Result.LastCheckpointPath));
        Assert.Contains("no anomaly threshold", error.Message);
    }

    [Fact]
    public void BuildGraph_rebuilds_the_trained_graph_with_its_students_ready_to_score()
    {
        using DistillGraph rebuilt = DistillCheckpoint.Read(trained.Result.BestCheckpointPath).BuildGraph();

        Assert.Equal(trained.Graph.Spec, rebuilt.Spec);
        Assert.True(TinyTraining.Identical(TinyTraining.StudentState(trained.Graph), TinyTraining.StudentState(rebuilt)));
        Assert.False(rebuilt.training);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor rgb = rand(2, 3, TinyTraining.Side, TinyTraining.Side, generator: new Generator(3));
        Assert.True(Scores(trained.Graph, rgb).eq(Scores(rebuilt, rgb)).all().item<bool>(), "the rebuilt graph scores differently");
    }

    [Fact]
    public void A_run_at_another_image_size_stores_that_size_and_BuildGraph_uses_it()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 1), side: 64));
        using DistillGraph graph = TinyTraining.Graph(config, imageSize: TinyTraining.Side);

        TrainingResult result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output(), ImageSize = TinyTraining.Side }).Train(run.Images());
        DistillCheckpoint best = DistillCheckpoint.Read(result.BestCheckpointPath);
        using DistillGraph rebuilt = best.BuildGraph();

        Assert.Equal(TinyTraining.Side, best.ImageSize);
        Assert.Equal(File.ReadAllText(config), best.ConfigYaml);   // the file as written, at 64
        Assert.Equal(TinyTraining.Side, rebuilt.Spec.Input.Height);
        Assert.Equal(graph.Spec, rebuilt.Spec);
    }

    [Fact]
    public void A_compiled_config_is_stored_with_the_generators_text_and_hash()
    {
        using DistillGraph graph = ConfigSource.Resolve("reduced_student_code").BuildGraph(64, new GraphBuildOptions { RandomTeacherWeights = true });

        ConfigSource text = graph.Source!;

        Assert.Equal(CompiledConfigs.Yaml("reduced_student_code"), text.Text);
        Assert.Equal(ReducedStudentCodeGraph.ConfigSha256, text.Sha256);
    }

    [Fact]
    public void A_graph_of_a_spec_built_in_code_cannot_be_trained()
    {
        using var run = new TinyTraining();
        using var graph = new DistillGraph(Graphs.TestSpecs.Parse(TinyTraining.Config(TinyTraining.Sgd()), "nowhere/tiny.yaml"));

        var error = Assert.Throws<InvalidOperationException>(() =>
            new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output() }).Train(run.Images()));

        Assert.Contains("Graph 'tiny' was built from a spec in code, so its YAML text is unknown, and a checkpoint must store it", error.Message);
    }

    [Fact]
    public void Missing_empty_and_foreign_files_are_refused_with_the_reason()
    {
        string folder = trained.Folder("foreign");
        string empty = Path.Combine(folder, "empty.ckpt");
        File.WriteAllBytes(empty, []);

        AssertRefused(Path.Combine(folder, "missing.ckpt"), "the file does not exist");
        AssertRefused(empty, "the file is empty");
        AssertRefused(trained.ConfigPath, "it is not a DistillDsl checkpoint");
    }

    [Theory]
    [InlineData(10, "ends inside the header after 10 bytes")]
    [InlineData(300, "truncated: it ends in section")]
    [InlineData(-1, "truncated: it ends in section")]
    public void A_truncated_file_is_refused_as_truncated(int keep, string reason)
    {
        byte[] bytes = File.ReadAllBytes(trained.Result.BestCheckpointPath);
        string path = Path.Combine(trained.Folder("truncated"), $"cut-{keep}.ckpt");
        File.WriteAllBytes(path, bytes[..(keep < 0 ? bytes.Length + keep : keep)]);

        AssertRefused(path, reason);
    }

    [Fact]
    public void Another_schema_version_is_refused_by_number()
    {
        byte[] bytes = File.ReadAllBytes(trained.Result.BestCheckpointPath);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 2);   // bytes 8–11: the schema version
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).CopyTo(bytes.AsSpan(bytes.Length - 32)); // sealed, as a newer build would
        string path = Path.Combine(trained.Folder("version"), "v2.ckpt");
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "it has checkpoint schema version 2, and this build reads schema version 1 only (it was written by a newer DistillDsl)");
    }

    [Fact]
    public void A_flipped_header_byte_is_refused_as_damaged_not_as_a_newer_schema()
    {
        byte[] bytes = File.ReadAllBytes(trained.Result.BestCheckpointPath);
        bytes[10] ^= 0x01;   // schema version 1 becomes 65537
        string path = Path.Combine(trained.Folder("header"), "flipped-header.ckpt");
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "the file is damaged: its header holds schema version 65537, which no DistillDsl writes");
        Assert.DoesNotContain("newer", Assert.Throws<CheckpointException>(() => DistillCheckpoint.Read(path)).Message);
    }

    [Fact]
    public void A_plausible_other_schema_version_whose_checksum_fails_is_refused_as_damaged()
    {
        byte[] bytes = File.ReadAllBytes(trained.Result.BestCheckpointPath);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 3);   // not resealed: a damaged header, not a newer file
        string path = Path.Combine(trained.Folder("header"), "v3-unsealed.ckpt");
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "the file is damaged: its header says schema version 3, but its SHA-256 checksum does not match its content");
    }

    [Fact]
    public void A_folder_is_refused_as_a_folder_not_as_access_denied()
    {
        string folder = trained.Folder("a-folder.ckpt");

        AssertRefused(folder, "it is a folder, not a checkpoint file");
        Assert.DoesNotContain("denied", Assert.Throws<CheckpointException>(() => DistillCheckpoint.Read(folder)).Message);
    }

    [Fact]
    public void A_changed_byte_is_refused_by_the_checksum()
    {
        byte[] bytes = File.ReadAllBytes(trained.Result.BestCheckpointPath);
        bytes[bytes.Length / 2] ^= 0x40;
        string path = Path.Combine(trained.Folder("flipped"), "flipped.ckpt");
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "its SHA-256 checksum does not match its content");
    }

    [Fact]
    public void Sealed_files_with_a_bad_manifest_or_config_text_are_refused()
    {
        string folder = trained.Folder("sections");
        string badManifest = Path.Combine(folder, "manifest.ckpt");
        string badConfig = Path.Combine(folder, "config.ckpt");
        DistillCheckpoint best = DistillCheckpoint.Read(trained.Result.BestCheckpointPath);
        CheckpointFile.Write(badManifest, DistillCheckpoint.SchemaVersion,
            [("manifest.json", "{ not json"u8.ToArray()), ("config.yaml", Encoding.UTF8.GetBytes(best.ConfigYaml))]);
        File.Copy(trained.Result.BestCheckpointPath, badConfig);
        var sections = new Dictionary<string, byte[]>(CheckpointFile.Read(badConfig, DistillCheckpoint.SchemaVersion))
        {
            ["config.yaml"] = Encoding.UTF8.GetBytes(best.ConfigYaml.Replace("lr: 0.05", "lr: 0.5")),
        };
        CheckpointFile.Write(badConfig, DistillCheckpoint.SchemaVersion, sections.Select(p => (p.Key, p.Value)).ToList());

        AssertRefused(badManifest, "its section 'manifest.json' cannot be read");
        AssertRefused(badConfig, "its config text does not have its recorded SHA-256");
    }

    [Fact]
    public void Loading_into_a_graph_of_another_config_names_both_configs()
    {
        string other = trained.Run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(), name: "other"), "other.yaml");
        using DistillGraph graph = TinyTraining.Graph(other);
        DistillCheckpoint best = DistillCheckpoint.Read(trained.Result.BestCheckpointPath);

        var error = Assert.Throws<CheckpointException>(() => best.LoadStudentsInto(graph));

        Assert.Contains(trained.Result.BestCheckpointPath, error.Message);
        Assert.Contains($"students of config 'tiny' (SHA-256 {best.ConfigSha256[..12]}", error.Message);
        Assert.Contains("the graph is of config 'other' (SHA-256 ", error.Message);
    }

    [Fact]
    public void Loading_into_a_graph_of_an_edited_config_of_the_same_name_is_refused()
    {
        string edited = trained.Run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(lr: 0.2)), "edited.yaml");
        using DistillGraph graph = TinyTraining.Graph(edited);

        var error = Assert.Throws<CheckpointException>(() => DistillCheckpoint.Read(trained.Result.BestCheckpointPath).LoadStudentsInto(graph));

        Assert.Contains("the graph was built from another version of config 'tiny'", error.Message);
    }

    [Fact]
    public void Loading_into_a_graph_with_other_random_teachers_is_refused()
    {
        using DistillGraph graph = TinyTraining.Graph(trained.ConfigPath, seed: 1);

        var error = Assert.Throws<CheckpointException>(() => DistillCheckpoint.Read(trained.Result.BestCheckpointPath).LoadStudentsInto(graph));

        Assert.Contains("random weights of graph seed 0, but the graph was built with seed 1", error.Message);
    }

    private static void AssertRefused(string path, string reason)
    {
        var error = Assert.Throws<CheckpointException>(() => DistillCheckpoint.Read(path));
        Assert.Equal(path, error.Path);
        Assert.StartsWith($"Checkpoint '{path}' cannot be used: ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    private static Tensor Scores(DistillGraph graph, Tensor rgb)
    {
        using GraphFeatures features = graph.forward(rgb);
        return graph.Score(graph.AnomalyMap(features, TinyTraining.Side, TinyTraining.Side));
    }
}

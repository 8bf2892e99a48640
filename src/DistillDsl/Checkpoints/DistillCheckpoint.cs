using System.Text;
using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.Metrics;
using DistillDsl.Spec.Model;
using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Checkpoints;

/// <summary>A trained model on disk: the students' weights with the config's YAML text and hash, the image size, the
/// anomaly threshold and, in <c>last.ckpt</c>, the state a resumed run needs. Format: Training/README.md.</summary>
/// <remarks>Teachers are not stored: they come from the config (ImageNet weights, a weights file, or seeded random
/// weights, whose seed <see cref="GraphSeed"/> is stored).</remarks>
public sealed class DistillCheckpoint
{
    /// <summary>The layout version this build writes and reads; any other is refused with a clear error.</summary>
    public const int SchemaVersion = 1;

    internal const string ManifestSection = "manifest.json";
    internal const string ConfigSection = "config.yaml";
    internal const string StudentSectionPrefix = "students/";
    internal const string BestStudentSectionPrefix = "best-students/";
    internal const string TrainingSection = "training.json";
    internal const string OptimizerSectionPrefix = "optimizer/";
    internal const string RngSection = "rng/cpu";

    private readonly CheckpointManifest manifest;
    private readonly IReadOnlyDictionary<string, byte[]> sections;

    private DistillCheckpoint(string path, CheckpointManifest manifest, string configYaml, IReadOnlyDictionary<string, byte[]> sections)
    {
        Path = path;
        this.manifest = manifest;
        ConfigYaml = configYaml;
        this.sections = sections;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    public string ConfigName => manifest.ConfigName;

    /// <summary>The config's YAML text, exactly as it was when the students were trained.</summary>
    public string ConfigYaml { get; }

    /// <summary>Lowercase hex SHA-256 of <see cref="ConfigYaml"/> with \n line endings (a compiled config's <c>ConfigSha256</c>).</summary>
    public string ConfigSha256 => manifest.ConfigSha256;

    /// <summary>The path the config was parsed under (its file, or a compiled config's file name).</summary>
    public string ConfigFile => manifest.ConfigFile;

    /// <summary>The epoch the students are from (with separately trained students, the latest of <see cref="StudentEpochs"/>).</summary>
    public int Epoch => manifest.Epoch;

    /// <summary>The total validation loss of these students (NaN when not measured: no validation images, or a mid-run
    /// best.ckpt of separately trained students).</summary>
    public double ValidationLoss => manifest.ValidationLoss;

    /// <summary>The training seed (split, shuffling, torch generator).</summary>
    public int Seed => manifest.Seed;

    /// <summary>The side of the square images the students were trained on; <see cref="BuildGraph"/> builds the graph at it.</summary>
    public int ImageSize => manifest.ImageSize;

    /// <summary>The graph's build seed (<see cref="GraphBuildOptions.Seed"/>): it fixes teachers with random weights.</summary>
    public int GraphSeed => manifest.GraphSeed;

    /// <summary>Whether the teachers had seeded random weights instead of their real ones (<see cref="GraphBuildOptions.RandomTeacherWeights"/>).</summary>
    public bool RandomTeacherWeights => manifest.RandomTeacherWeights;

    /// <summary>What relative teacher weight paths resolved against during training.</summary>
    public string? WeightsBaseDirectory => manifest.WeightsBaseDirectory;

    /// <summary>Per teacher name, the epoch its student's weights are from.</summary>
    public IReadOnlyDictionary<string, int> StudentEpochs => manifest.Students.ToDictionary(s => s.Teacher, s => s.Epoch);

    /// <summary>The score threshold from the normal validation images (null until training finished, or without validation images).</summary>
    public AnomalyThreshold? Threshold => manifest.Threshold?.ToThreshold();

    /// <summary>Whether it holds the state to resume training (<c>last.ckpt</c> does; <c>best.ckpt</c> does not).</summary>
    public bool IsResumable => manifest.Resumable;

    /// <summary>The quantiles of normal validation maps that <c>anomaly_map.normalize: validation_quantiles</c> uses, measured
    /// at the end of training (best.ckpt of a finished run); null otherwise.</summary>
    public Scoring.MapNormalization? MapNormalization => manifest.MapNormalization?.ToNormalization();

    /// <summary>Reads and checks a checkpoint.</summary>
    /// <exception cref="CheckpointException">Missing, empty, not a checkpoint, another schema version, truncated or damaged;
    /// the message names the file and the reason.</exception>
    public static DistillCheckpoint Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        IReadOnlyDictionary<string, byte[]> sections = CheckpointFile.Read(path, SchemaVersion);
        byte[] manifestJson = Required(sections, ManifestSection, path);
        string yaml = Encoding.UTF8.GetString(Required(sections, ConfigSection, path));
        var manifest = CheckpointJson.Deserialize<CheckpointManifest>(manifestJson, path, ManifestSection);

        if (ConfigSource.HashOf(yaml) != manifest.ConfigSha256)
        {
            throw new CheckpointException(path, $"the file is damaged: its config text does not have its recorded SHA-256 {manifest.ConfigSha256}.");
        }
        if (manifest.Students is null || manifest.Students.Count == 0) throw new CheckpointException(path, "the file is damaged: it lists no students.");
        foreach (StudentEntry student in manifest.Students) Required(sections, StudentSectionPrefix + student.Teacher, path);
        if (manifest.Resumable) Required(sections, TrainingSection, path);
        return new DistillCheckpoint(path, manifest, yaml, sections);
    }

    /// <summary>The graph of the stored config at <see cref="ImageSize"/>, with the stored students loaded, in eval mode
    /// (ready to score; call <c>train()</c> to train it further).</summary>
    /// <param name="options">Device, torch hub and weights cache for the teachers. The seed and
    /// <see cref="GraphBuildOptions.RandomTeacherWeights"/> always come from the checkpoint (the students only fit the
    /// teachers they learned from); the base directory does when the options leave it null.</param>
    /// <exception cref="CheckpointException">The stored config no longer parses here, or the weights do not fit.</exception>
    public DistillGraph BuildGraph(GraphBuildOptions? options = null)
    {
        ConfigSource source;
        DistillSpec spec;
        try
        {
            source = ConfigSource.FromText(ConfigYaml, ConfigFile);
            spec = source.SpecAt(ImageSize);
        }
        catch (Exception e) when (e is DistillConfigException or ArgumentException)
        {
            throw new CheckpointException(Path, $"its config '{ConfigName}' cannot be rebuilt at image size {ImageSize} by this build: {e.Message}", e);
        }
        if (spec.AnomalyMap.Normalization.IsEnabled && manifest.MapNormalization is null)
        {
            throw new CheckpointException(Path, $"its config '{ConfigName}' normalises its maps with quantiles of normal validation maps " +
                "(anomaly_map.normalize), and the file holds none: only the best.ckpt of a run that finished with validation images has them");
        }
        options ??= new GraphBuildOptions();
        DistillGraph graph = source.BuildGraph(ImageSize, options with
        {
            Seed = GraphSeed,
            RandomTeacherWeights = RandomTeacherWeights,
            BaseDirectory = options.BaseDirectory ?? WeightsBaseDirectory,
        });
        try
        {
            LoadStudentsInto(graph);
            graph.eval();
            return graph;
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    /// <summary>Copies the stored students' weights (and map normalisation, when it holds one) into <paramref name="graph"/>. The graph may be built at
    /// another image size, but must be of the same config text (compared by name and by the parsed spec, which is the
    /// hash's meaning) and, when its teachers are seeded random, of the same graph seed.</summary>
    /// <exception cref="CheckpointException">The graph is of another config (both are named) or other teachers.</exception>
    public void LoadStudentsInto(DistillGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string stored = $"config '{ConfigName}' (SHA-256 {ConfigSha256[..12]}…)";
        if (graph.Spec.Name != ConfigName)
        {
            throw new CheckpointException(Path, $"it holds the students of {stored}, but the graph is of config '{graph.Spec.Name}'{HashOf(graph)}.");
        }
        if (!ConfigSource.Describes(ConfigYaml, graph.Spec))
        {
            throw new CheckpointException(Path,
                $"it holds the students of {stored}, but the graph was built from another version of config '{graph.Spec.Name}'{HashOf(graph)}.");
        }
        CheckTeachers(graph);

        foreach (DistillBranch branch in graph.Branches)
        {
            LoadWeights(branch.Student, Required(sections, StudentSectionPrefix + branch.Name, Path), $"the student of teacher '{branch.Name}'");
        }
        if (MapNormalization is { } normalization)
        {
            if (normalization.Mismatch(graph.Spec) is string why) throw new CheckpointException(Path, $"its map normalisation does not fit the graph: {why}.");
            graph.MapNormalization = normalization;
        }
    }

    /// <summary>The resume state of <c>last.ckpt</c> (the trainer's <c>TrainingState</c>; the format does not depend on it).</summary>
    internal T ReadTrainingState<T>()
    {
        if (!IsResumable) throw new CheckpointException(Path, "it holds no training state to resume from (a best.ckpt? resume uses last.ckpt).");
        return CheckpointJson.Deserialize<T>(Required(sections, TrainingSection, Path), Path, TrainingSection);
    }

    internal byte[] Section(string name) => Required(sections, name, Path);

    internal bool HasSection(string name) => sections.ContainsKey(name);

    /// <summary>Loads TorchSharp module bytes (Module.save) into <paramref name="module"/>, failing with this file's name.</summary>
    private void LoadWeights(nn.Module module, byte[] weights, string what)
    {
        try
        {
            ModuleBytes.Load(module, weights);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            throw new CheckpointException(Path, $"the weights of {what} do not fit the graph ({e.Message}).", e);
        }
    }

    /// <summary>Writes a checkpoint atomically.</summary>
    internal static void Write(string path, CheckpointManifest manifest, string configYaml, IEnumerable<(string Name, byte[] Content)> otherSections)
    {
        var all = new List<(string, byte[])>
        {
            (ManifestSection, CheckpointJson.Serialize(manifest)),
            (ConfigSection, Encoding.UTF8.GetBytes(configYaml)),
        };
        all.AddRange(otherSections);
        CheckpointFile.Write(path, SchemaVersion, all);
    }

    private void CheckTeachers(DistillGraph graph)
    {
        if (graph.Options.RandomTeacherWeights != RandomTeacherWeights)
        {
            string trained = RandomTeacherWeights ? "seeded random teacher weights" : "the teachers' real weights";
            string built = graph.Options.RandomTeacherWeights ? "seeded random teacher weights" : "the teachers' real weights";
            throw new CheckpointException(Path, $"its students learned from {trained}, but the graph was built with {built} (GraphBuildOptions.RandomTeacherWeights).");
        }
        bool randomTeachers = RandomTeacherWeights || graph.Spec.Teachers.Any(t => t.Weights.Source == WeightsSource.Random);
        if (randomTeachers && graph.Options.Seed != GraphSeed)
        {
            throw new CheckpointException(Path,
                $"its students learned from teachers with random weights of graph seed {GraphSeed}, but the graph was built with seed {graph.Options.Seed}, so its teachers differ.");
        }
    }

    private static string HashOf(DistillGraph graph) =>
        graph.Source is { } source ? $" (SHA-256 {source.Sha256[..12]}…)" : " (its YAML text is unknown)";

    private static byte[] Required(IReadOnlyDictionary<string, byte[]> sections, string name, string path) =>
        sections.TryGetValue(name, out byte[]? content) ? content
        : throw new CheckpointException(path, $"the file is damaged: its section '{name}' is missing.");
}

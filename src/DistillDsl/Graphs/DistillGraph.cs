using DistillDsl.Configs;
using DistillDsl.Devices;
using DistillDsl.Scoring;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Validation;
using DistillDsl.Students;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Graphs;

/// <summary>A distillation network built from a <see cref="DistillSpec"/>: one <see cref="DistillBranch"/> per teacher
/// (registered under the teacher's name, config order), each with its frozen teacher and trainable student; the loss, the
/// anomaly map and the image score of the spec. Generated graph classes derive from it and add types and constants only.</summary>
/// <remarks>
/// <para>Building: the spec is validated first (an invalid spec throws <see cref="ArgumentException"/> listing the diagnostics).
/// Everything is built on the CPU, students (and random teachers) initialised by <see cref="SeededInitialisation"/> from
/// <see cref="GraphBuildOptions.Seed"/>, then moved to <see cref="GraphBuildOptions.Device"/>. Teachers: <see cref="TeacherFactory"/>.</para>
/// <para>Tensors: <see cref="forward"/>, <see cref="Loss"/>, <see cref="AnomalyMap"/> and <see cref="Score"/> dispose what they
/// make in between and return new tensors owned by the caller (moved into the caller's dispose scope when there is one).
/// <see cref="GraphFeatures"/> owns its tensors.</para>
/// <para><c>training.students: separate</c> changes how a trainer optimises (one optimiser per branch, on
/// <see cref="TeacherLoss"/>), not the graph: <see cref="Loss"/> is always Eq. 8's sum over teachers of alpha × teacher loss.</para>
/// </remarks>
public class DistillGraph : nn.Module<Tensor, GraphFeatures>
{
    private readonly List<DistillBranch> branches;
    private MapNormalization? mapNormalization;

    /// <summary>The graph of a spec built in code. It runs and scores, but cannot be trained or exported: a checkpoint
    /// stores its config's text, which only a graph built from a <see cref="ConfigSource"/> has.</summary>
    /// <exception cref="ArgumentException">The spec is invalid (the diagnostics are listed).</exception>
    public DistillGraph(DistillSpec spec, GraphBuildOptions? options = null)
        : this(spec, options, source: null)
    {
    }

    /// <summary>The graph of <paramref name="source"/> at <paramref name="imageSize"/> (its own size when null). A file's
    /// relative weight paths resolve against its folder unless the options name a base directory.</summary>
    /// <exception cref="ArgumentException">The config does not work at that image size (the reason named).</exception>
    public DistillGraph(ConfigSource source, int? imageSize, GraphBuildOptions? options = null)
        : this((source ?? throw new ArgumentNullException(nameof(source))).SpecAt(imageSize),
               WithFolderOf(source, options ?? new GraphBuildOptions()), source)
    {
    }

    private DistillGraph(DistillSpec spec, GraphBuildOptions? options, ConfigSource? source)
        : base((spec ?? throw new ArgumentNullException(nameof(spec))).Name)
    {
        Spec = spec;
        Source = source;
        Options = options ?? new GraphBuildOptions();
        // A source's spec was validated when it was parsed (and again when rescaled).
        if (source is null) ThrowIfInvalid(spec);
        Device = DeviceSelector.Resolve(Options.Device);

        branches = [];
        for (int i = 0; i < spec.Teachers.Count; i++)
        {
            TeacherSpec teacherSpec = spec.Teachers[i];
            LoadedTeacher teacher = TeacherFactory.Build(teacherSpec, Options, SeededInitialisation.TeacherSeed(Options.Seed, i));
            IDistillStudent student = StudentFactory.Build(teacherSpec, teacher.Backbone, spec.AnomalyMap, spec.Input);
            // A pretrained mirror keeps the teacher's weights it was copied from; every other student starts from the seed.
            if (teacherSpec.Student is not MirrorStudentSpec { Init: StudentInit.Pretrained })
            {
                SeededInitialisation.Apply(student.AsModule(), SeededInitialisation.StudentSeed(Options.Seed, i));
            }
            branches.Add(new DistillBranch(teacherSpec, teacher, student));
        }
        foreach (DistillBranch branch in branches) register_module(branch.Name, branch);
        RegisterComponents();
        this.to(Device);
    }

    public DistillSpec Spec { get; }

    /// <summary>The config the graph was built from, at its own size (<see cref="Spec"/> is at the graph's); null for a spec
    /// built in code.</summary>
    public ConfigSource? Source { get; }

    public GraphBuildOptions Options { get; }

    /// <summary>Where the graph was built (<see cref="GraphBuildOptions.Device"/>); <see cref="forward"/> takes its input there.</summary>
    public Device Device { get; }

    /// <summary><see cref="Source"/>, for what must store the config's text.</summary>
    /// <param name="purpose">What needs it, as the error says it ("a checkpoint").</param>
    /// <exception cref="InvalidOperationException">The graph was built from a spec in code.</exception>
    internal ConfigSource SourceFor(string purpose) => Source ?? throw new InvalidOperationException(
        $"Graph '{Spec.Name}' was built from a spec in code, so its YAML text is unknown, and {purpose} must store it. " +
        "Build it from its config: ConfigSource.Resolve(nameOrPath).BuildGraph(), or the compiled config's class.");

    /// <summary>One per teacher, config order.</summary>
    public IReadOnlyList<DistillBranch> Branches => branches;

    public DistillBranch Branch(string name) =>
        branches.FirstOrDefault(b => b.Name == name)
        ?? throw new KeyNotFoundException($"Graph '{Spec.Name}' has no teacher '{name}'; its teachers are: {string.Join(", ", branches.Select(b => b.Name))}.");

    /// <summary>[B, 3, H, W] RGB in [0, 1] at the spec's input size, on <see cref="Device"/> → every (teacher, tap) pair.
    /// Each branch normalises the images for its teacher; teachers run without gradients.</summary>
    public override GraphFeatures forward(Tensor rgb)
    {
        CheckInput(rgb);
        using var scope = NewDisposeScope();
        var features = new List<(string Branch, string Tap, TapPair Pair)>();
        foreach (DistillBranch branch in branches)
        {
            foreach (var (tap, pair) in branch.Features(rgb)) features.Add((branch.Name, tap, pair));
        }
        foreach (var (_, _, pair) in features)
        {
            pair.Teacher.MoveToOuterDisposeScope();
            pair.Student.MoveToOuterDisposeScope();
        }
        return new GraphFeatures(features);
    }

    /// <summary>Eq. 8: Σ over teachers of alpha × <see cref="TeacherLoss"/> → scalar.</summary>
    public Tensor Loss(GraphFeatures features)
    {
        using var scope = NewDisposeScope();
        var losses = branches.Select(b => TeacherLoss(features, b.Name)).ToList();
        return DistillationLoss.CombineTeachers(losses, branches.Select(b => b.Spec.Alpha).ToList()).MoveToOuterDisposeScope();
    }

    /// <summary>One teacher's loss without its alpha (Eq. 2–4): per tap the pixel mean of the spec's distance, combined over
    /// the taps by <c>loss.over_taps</c> with the taps' weights → scalar.</summary>
    public Tensor TeacherLoss(GraphFeatures features, string branch)
    {
        DistillBranch b = Branch(branch);
        using var scope = NewDisposeScope();
        LossSpec loss = Spec.Loss;
        // TapsOf keeps the spec's tap order, so each pair meets its own tap's spec (and weight, below).
        var tapLosses = features.TapsOf(b.Name)
            .Zip(b.Spec.Taps, (t, tap) => DistillationLoss.TapLoss(t.Pair.Teacher, t.Pair.Student, loss.Distance, tap.FeatureNorm ?? loss.FeatureNorm, loss.HardQuantile))
            .ToList();
        var weights = b.Spec.Taps.Select(t => t.Weight).ToList();
        return DistillationLoss.CombineTaps(tapLosses, weights, Spec.Loss.OverTaps).MoveToOuterDisposeScope();
    }

    /// <summary>The measured values of <c>anomaly_map.normalize: validation_quantiles</c>: set by the trainer at the end of a
    /// run and by <c>DistillCheckpoint</c> from best.ckpt. Null until then; a graph whose config normalises its maps cannot
    /// compute them without it.</summary>
    /// <exception cref="ArgumentException">Set to values that do not fit the config (another level, quantiles or maps).</exception>
    public MapNormalization? MapNormalization
    {
        get => mapNormalization;
        set
        {
            if (value?.Mismatch(Spec) is string why) throw new ArgumentException($"Graph '{Spec.Name}' cannot take this map normalisation: {why}.", nameof(value));
            mapNormalization = value;
        }
    }

    /// <summary>The final anomaly maps, [B, 1, height, width]: the teachers' maps (<see cref="TeacherMap"/>) combined as
    /// <c>anomaly_map.combine</c> says (Eq. 11 for modulate), then Gaussian smoothing when <c>gaussian_sigma</c> is set.
    /// With <c>anomaly_map.normalize</c>, each tap's or teacher's map is normalised before it is combined.</summary>
    /// <exception cref="InvalidOperationException">The config normalises its maps and <see cref="MapNormalization"/> is not set.</exception>
    public Tensor AnomalyMap(GraphFeatures features, long height, long width)
    {
        using var scope = NewDisposeScope();
        var maps = branches.Select(b => (b.Name, TeacherMap(features, b.Name, height, width))).ToList();
        Tensor map = MapCombination.Combine(maps, Spec.AnomalyMap.Combination);
        if (Spec.AnomalyMap.GaussianSigma is double sigma) map = GaussianSmoothing.Apply(map, sigma);
        return map.MoveToOuterDisposeScope();
    }

    /// <summary>One teacher's map (Eq. 9–10), [B, 1, height, width]: per tap the distance, scaled by <c>tap_scale</c> and
    /// upsampled (then normalised for <c>per: tap</c>); the taps combined by <c>anomaly_map.over_taps</c> (then normalised for
    /// <c>per: teacher</c>). Not smoothed.</summary>
    public Tensor TeacherMap(GraphFeatures features, string branch, long height, long width)
    {
        MapNormalization? normalization = RequiredNormalization();
        using var scope = NewDisposeScope();
        var tapMaps = TapMaps(features, branch, height, width);
        if (normalization is { Level: MapNormalizationLevel.Tap })
        {
            tapMaps = tapMaps.Select(t => (t.Tap, Scoring.MapNormalization.Apply(t.Map, normalization.For(branch, t.Tap)))).ToList();
        }
        Tensor map = Scoring.AnomalyMaps.CombineTaps(tapMaps.Select(t => t.Map).ToList(), Spec.AnomalyMap.OverTaps);
        if (normalization is { Level: MapNormalizationLevel.Teacher }) map = Scoring.MapNormalization.Apply(map, normalization.For(branch, null));
        return map.MoveToOuterDisposeScope();
    }

    /// <summary>The maps <c>anomaly_map.normalize</c> applies to, before it (what its quantiles are measured on), in the order
    /// of <see cref="Scoring.MapNormalization.KeysOf"/>: each tap's upsampled map (<c>per: tap</c>) or each teacher's map
    /// (<c>per: teacher</c>, tap null).</summary>
    public List<(string Teacher, string? Tap, Tensor Map)> MapsToNormalize(GraphFeatures features, long height, long width)
    {
        if (!Spec.AnomalyMap.Normalization.IsEnabled) throw new InvalidOperationException($"Config '{Spec.Name}' does not normalise its maps.");
        using var scope = NewDisposeScope();
        var result = new List<(string Teacher, string? Tap, Tensor Map)>();
        foreach (DistillBranch b in branches)
        {
            var tapMaps = TapMaps(features, b.Name, height, width);
            if (Spec.AnomalyMap.Normalization.Level == MapNormalizationLevel.Tap)
            {
                result.AddRange(tapMaps.Select(t => (b.Name, (string?)t.Tap, t.Map)));
            }
            else
            {
                result.Add((b.Name, null, Scoring.AnomalyMaps.CombineTaps(tapMaps.Select(t => t.Map).ToList(), Spec.AnomalyMap.OverTaps)));
            }
        }
        foreach (var (_, _, map) in result) map.MoveToOuterDisposeScope();
        return result;
    }

    /// <summary>Per tap of the teacher: the distance (with the tap's own feature_norm, else the map's), scaled by
    /// <c>tap_scale</c>, upsampled to height × width.</summary>
    private List<(string Tap, Tensor Map)> TapMaps(GraphFeatures features, string branch, long height, long width)
    {
        DistillBranch b = Branch(branch);
        AnomalyMapSpec spec = Spec.AnomalyMap;
        return features.TapsOf(b.Name)
            .Zip(b.Spec.Taps, (t, tap) => (t.Tap, Scoring.AnomalyMaps.Upsample(
                Scoring.AnomalyMaps.TapMap(t.Pair.Teacher, t.Pair.Student, spec.Distance, spec.TapScale, tap.FeatureNorm ?? spec.FeatureNorm),
                height, width, spec.Upsample)))
            .ToList();
    }

    private MapNormalization? RequiredNormalization()
    {
        if (!Spec.AnomalyMap.Normalization.IsEnabled) return null;
        return mapNormalization ?? throw new InvalidOperationException(
            $"Graph '{Spec.Name}' normalises its maps with quantiles of normal validation maps (anomaly_map.normalize: validation_quantiles), " +
            "and has none yet: load it from the best.ckpt of a finished training run (which measures them), or set MapNormalization.");
    }

    /// <summary>[B, 1, H, W] maps → [B] raw image scores (<c>score.kind</c>). <c>score.normalize: test_set_minmax</c> needs the
    /// whole test set and is left to the evaluator.</summary>
    public Tensor Score(Tensor maps) => ImageScore.Compute(maps, Spec.Score.Kind, Spec.Score.TopK);

    /// <summary>The students' parameters, branch by branch: what the optimiser sees. Never a teacher's.</summary>
    public IEnumerable<Parameter> StudentParameters() => branches.SelectMany(b => b.Student.parameters());

    internal void CheckInput(Tensor rgb)
    {
        if (rgb.dim() != 4 || rgb.shape[1] != 3 || rgb.shape[2] != Spec.Input.Height || rgb.shape[3] != Spec.Input.Width)
        {
            throw new ArgumentException(
                $"Graph '{Spec.Name}' takes RGB batches of shape [B, 3, {Spec.Input.Height}, {Spec.Input.Width}] (its input size); " +
                $"got [{string.Join(", ", rgb.shape)}]. For another size, build the graph at that size (ConfigSource.BuildGraph(imageSize)).", nameof(rgb));
        }
    }

    private static GraphBuildOptions WithFolderOf(ConfigSource source, GraphBuildOptions options) =>
        options.BaseDirectory is null ? options with { BaseDirectory = source.Folder } : options;

    private static void ThrowIfInvalid(DistillSpec spec)
    {
        var errors = DistillSpecValidator.Validate(spec).Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                $"Config '{spec.Name}' is not valid, so no graph is built from it:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}", nameof(spec));
        }
    }
}

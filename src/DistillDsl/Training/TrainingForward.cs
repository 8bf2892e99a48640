using DistillDsl.Fusion;
using DistillDsl.Graphs;
using DistillDsl.Students;
using static TorchSharp.torch;

namespace DistillDsl.Training;

/// <summary>The forward pass of training and validation: what <see cref="DistillGraph.forward"/> gives, faster. Each frozen
/// teacher runs fused (batch norms folded into its convolutions, as in <see cref="FastInferenceGraph"/>) without gradients;
/// each student is the graph's own module, so the optimiser trains it as usual; both take the input in channels-last
/// memory format unless asked not to. The features agree with <see cref="DistillGraph.forward"/> within 1e-5 of the
/// largest value (tests).</summary>
/// <remarks>
/// <para>Why: in bench/DistillDsl.Speed, one training step of reduced_student_code (batch 8, 256², 2 threads) spent about
/// 45 % of its time in the teacher, whose batch norms are plain per-channel affine maps in eval mode; channels-last also
/// made the students' forward and backward passes faster in LibTorch 2.10 on the CPU.</para>
/// <para>The teachers are copied when this is built: build it after any checkpoint is loaded. A graph with a teacher
/// module the fusion does not know runs <see cref="DistillGraph.forward"/> (see <see cref="UsesFusedTeachers"/>).</para>
/// </remarks>
public sealed class TrainingForward : IDisposable
{
    private readonly DistillGraph graph;
    private readonly List<FusedTeacher>? teachers;

    /// <param name="graph">The graph whose students train; it stays the owner of the students.</param>
    /// <param name="channelsLast">Run teachers and students on channels-last input (students' parameters keep their layout).</param>
    public TrainingForward(DistillGraph graph, bool channelsLast = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        this.graph = graph;
        try
        {
            teachers = PerBranch.Build(graph, b => new FusedTeacher(b, graph.Device));
        }
        catch (NotSupportedException e)
        {
            // A module the fusion does not know: the graph's own forward gives the same features, slower.
            teachers = null;
            UnfusedReason = e.Message;
        }
        (ChannelsLast, ChannelsLastRefused) = Fusion.ChannelsLastSupport.For(channelsLast && teachers is not null);
        if (ChannelsLast)
        {
            foreach (FusedTeacher teacher in teachers!) teacher.UseChannelsLast();
        }
    }

    /// <summary>Why the networks take NCHW input although channels-last was asked for (<see cref="Fusion.ChannelsLastSupport"/>);
    /// null otherwise.</summary>
    public string? ChannelsLastRefused { get; }

    /// <summary>True when the teachers run fused; false when <see cref="Features"/> is the graph's own forward.</summary>
    public bool UsesFusedTeachers => teachers is not null;

    /// <summary>Why the teachers are not fused (the fusion's message, naming the module); null when they are.</summary>
    public string? UnfusedReason { get; }

    /// <summary>True when the networks take channels-last input: asked for, and the teachers are fused.</summary>
    public bool ChannelsLast { get; }

    /// <summary>[B, 3, H, W] RGB in [0, 1] at the graph's input size, on its device → every (teacher, tap) pair, as
    /// <see cref="DistillGraph.forward"/> gives them. The students run in the graph's current mode (train or eval) and
    /// record gradients unless the caller turned them off.</summary>
    public GraphFeatures Features(Tensor rgb) => Features(rgb, cachedTeacherTaps: null);

    /// <summary>As <see cref="Features(Tensor)"/>, with the teachers' pooled taps taken from <paramref name="cachedTeacherTaps"/>
    /// (per teacher, tap order, as <see cref="TeacherTaps"/> gave them for these images) instead of computed: the frozen
    /// teachers give the same features every epoch. The pairs own copies; the caller keeps the cached tensors.</summary>
    public GraphFeatures Features(Tensor rgb, IReadOnlyList<IReadOnlyList<Tensor>>? cachedTeacherTaps)
    {
        if (teachers is null)
        {
            if (cachedTeacherTaps is not null) throw new InvalidOperationException("Cached teacher features need fused teachers.");
            return graph.forward(rgb);
        }
        graph.CheckInput(rgb);
        using var scope = NewDisposeScope();
        var pairs = new List<(string Branch, string Tap, TapPair Pair)>();
        for (int b = 0; b < teachers.Count; b++)
        {
            DistillBranch branch = graph.Branches[b];
            IDistillStudent network = branch.StudentNetwork;
            // A student that reads the teacher's taps never needs the image once they are cached.
            bool needsImage = cachedTeacherTaps is null || network.Input == StudentInput.Image;
            Tensor? input = needsImage ? teachers[b].Normalize(rgb, ChannelsLast) : null;
            IReadOnlyList<Tensor> teacherFeatures = cachedTeacherTaps is null ? TeacherTaps(b, input!) : cachedTeacherTaps[b].Select(t => t.alias()).ToList();
            Dictionary<string, Tensor> studentFeatures = network.Input == StudentInput.TeacherTaps
                ? network.Forward(null, teacherFeatures)
                : network.Forward(input, null);
            for (int t = 0; t < branch.Spec.Taps.Count; t++)
            {
                string tap = branch.Spec.Taps[t].Name;
                Tensor student = StagedStudent.TapOutput(studentFeatures, tap, branch.Name);
                pairs.Add((branch.Name, tap, new TapPair(teacherFeatures[t], student)));
            }
        }
        foreach (var (_, _, pair) in pairs)
        {
            pair.Teacher.MoveToOuterDisposeScope();
            pair.Student.MoveToOuterDisposeScope();
        }
        return new GraphFeatures(pairs);
    }

    /// <summary>Every teacher's pooled taps (teacher order, then tap order) of [B, 3, H, W] RGB in [0, 1], without
    /// gradients, in the memory format <see cref="Features(Tensor)"/> gives them: what a training cache stores.</summary>
    public List<List<Tensor>> TeacherTaps(Tensor rgb)
    {
        if (teachers is null) throw new InvalidOperationException("Teacher features can be cached only when the teachers run fused.");
        graph.CheckInput(rgb);
        var all = new List<List<Tensor>>(teachers.Count);
        for (int b = 0; b < teachers.Count; b++)
        {
            using Tensor input = teachers[b].Normalize(rgb, ChannelsLast);
            all.Add(TeacherTaps(b, input));
        }
        return all;
    }

    private List<Tensor> TeacherTaps(int branch, Tensor normalizedInput)
    {
        using (no_grad())
        {
            return teachers![branch].PooledTaps(normalizedInput);
        }
    }

    public void Dispose()
    {
        foreach (FusedTeacher teacher in teachers ?? []) teacher.Dispose();
    }
}

using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using static TorchSharp.torch;

namespace DistillDsl.Training;

/// <summary>Students optimised together, with one optimiser and one model selection: all of them on the total loss (Eq. 8)
/// when the config says <c>students: joint</c>; each alone on its own teacher's loss (no alpha) when <c>separate</c>,
/// as the authors' code trains MixedTeacher.</summary>
internal sealed class StudentGroup : IDisposable
{
    private StudentGroup(string name, IReadOnlyList<DistillBranch> branches, StudentOptimizer optimizer)
    {
        Name = name;
        Branches = branches;
        Optimizer = optimizer;
    }

    /// <summary><c>joint</c>, or the teacher's name.</summary>
    public string Name { get; }

    public IReadOnlyList<DistillBranch> Branches { get; }

    public StudentOptimizer Optimizer { get; }

    public const string JointName = "joint";

    public static IReadOnlyList<StudentGroup> For(DistillGraph graph, TrainingPlan plan, int totalSteps) => plan.Students switch
    {
        StudentTraining.Joint => [new StudentGroup(JointName, graph.Branches, new StudentOptimizer(graph.StudentParameters(), plan, totalSteps))],
        _ => graph.Branches.Select(b => new StudentGroup(b.Name, [b], new StudentOptimizer(b.Student.parameters(), plan, totalSteps))).ToList(),
    };

    /// <summary>The loss this group minimises and is selected by.</summary>
    public Tensor Loss(DistillGraph graph, GraphFeatures features) =>
        Name == JointName ? graph.Loss(features) : graph.TeacherLoss(features, Branches[0].Name);

    /// <summary>The loss this group is selected by, from the teachers' losses (config order) and their total (Eq. 8).</summary>
    public double SelectionLoss(DistillGraph graph, IReadOnlyList<double> teacherLosses, double total) =>
        Name == JointName ? total : teacherLosses[graph.Branches.ToList().FindIndex(b => b.Name == Name)];

    /// <summary>The total loss (Eq. 8) from the groups' losses: the joint loss itself, or Σ alpha × teacher loss.</summary>
    public static double Total(IReadOnlyList<StudentGroup> groups, IReadOnlyList<double> groupLosses)
    {
        if (groups.Count == 1 && groups[0].Name == JointName) return groupLosses[0];
        double total = 0;
        for (int i = 0; i < groups.Count; i++) total += groups[i].Branches[0].Spec.Alpha * groupLosses[i];
        return total;
    }

    public void Dispose() => Optimizer.Dispose();
}

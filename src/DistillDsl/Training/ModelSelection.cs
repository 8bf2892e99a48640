using DistillDsl.Graphs;
using DistillDsl.Spec.Model;

namespace DistillDsl.Training;

/// <summary>Model selection and early stopping across epochs: per student group its best epoch and loss and its count of
/// epochs without improvement, and the best students' weights (joint: all students on the total loss; separate: each
/// student on its own teacher's loss).</summary>
internal sealed class ModelSelection
{
    private readonly IReadOnlyList<StudentGroup> groups;
    private readonly TrainingPlan plan;
    private readonly GroupState[] states;

    public ModelSelection(IReadOnlyList<StudentGroup> groups, TrainingPlan plan)
    {
        this.groups = groups;
        this.plan = plan;
        states = groups.Select(g => new GroupState(g.Name, g.Branches.Select(b => b.Name).ToList(), 0, double.PositiveInfinity, double.PositiveInfinity, 0)).ToArray();
    }

    /// <summary>Each group's state, in group order (stored in last.ckpt).</summary>
    public IReadOnlyList<GroupState> Groups => states;

    public BestStudents Best { get; } = new();

    /// <summary>Whether every group has gone <c>early_stop.patience</c> epochs without improvement.</summary>
    public bool EarlyStopDue => plan.EarlyStop is { } rule && states.All(s => s.EpochsWithoutImprovement >= rule.Patience);

    /// <summary>The latest of the groups' best epochs.</summary>
    public int BestEpoch => states.Max(s => s.BestEpoch);

    /// <summary>The total validation loss of the best students when they train jointly; NaN when separately (each group
    /// then has its own loss and best epoch).</summary>
    public double JointBestLoss => plan.Students == StudentTraining.Joint ? states[0].BestLoss : double.NaN;

    /// <summary>Takes an epoch's validation loss per group: updates the early-stop counts (Keras semantics: the reference
    /// moves only when a loss beats it by more than min_delta) and, where a group's best changed (or the rule is
    /// <c>checkpoint: last</c>), captures its students. True when any group's best changed.</summary>
    public bool Update(int epoch, IReadOnlyList<double> groupLosses)
    {
        bool improved = false;
        double minDelta = plan.EarlyStop?.MinDelta ?? 0;
        for (int i = 0; i < groups.Count; i++)
        {
            GroupState state = states[i];
            double loss = groupLosses[i];
            state = loss < state.LowestLoss - minDelta
                ? state with { LowestLoss = loss, EpochsWithoutImprovement = 0 }
                : state with { EpochsWithoutImprovement = state.EpochsWithoutImprovement + 1 };
            if (plan.CheckpointRule == CheckpointRule.Last || loss < state.BestLoss)
            {
                state = state with { BestEpoch = epoch, BestLoss = loss };
                foreach (DistillBranch branch in groups[i].Branches) Best.Capture(branch, epoch);
                improved = true;
            }
            states[i] = state;
        }
        return improved;
    }

    /// <summary>Restores the state of a stored run.</summary>
    /// <param name="storedBest">A student's stored best weights, or null when it has none yet.</param>
    public void Restore(IReadOnlyList<GroupState> stored, Func<string, byte[]?> storedBest)
    {
        for (int i = 0; i < groups.Count; i++)
        {
            states[i] = stored[i];
            foreach (DistillBranch branch in groups[i].Branches)
            {
                if (storedBest(branch.Name) is byte[] weights) Best.Set(branch.Name, weights, stored[i].BestEpoch);
            }
        }
    }
}

using DistillDsl.Spec.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace DistillDsl.Training;

/// <summary>The optimiser of one student group, with its learning-rate schedule, as the config's preset says: SGD
/// (lr, momentum, weight decay) or Adam (lr, betas, weight decay, eps 1e-8); schedule none (constant rate) or PyTorch's
/// OneCycleLR stepped after every optimiser step, peaking at max_lr_factor × lr after warmup_fraction of the steps.</summary>
/// <remarks>OneCycleLR keeps PyTorch's defaults otherwise (cosine annealing, start at peak / 25, end at start / 10⁴, and
/// momentum cycled between 0.95 and 0.85: SGD's momentum, Adam's beta1), as the authors' code uses it. Resuming rebuilds
/// the schedule and replays its steps (TorchSharp schedulers have no state to save), then loads the optimiser's state.</remarks>
internal sealed class StudentOptimizer : IDisposable
{
    private readonly OptimizerHelper optimizer;
    private readonly LRScheduler? scheduler;

    public StudentOptimizer(IEnumerable<Parameter> parameters, TrainingPlan plan, int totalSteps)
    {
        OptimizerSpec spec = plan.Optimizer;
        optimizer = spec.Kind switch
        {
            OptimizerKind.Sgd => new SGD(parameters, plan.LearningRate, spec.Momentum, spec.WeightDecay),
            OptimizerKind.Adam => new Adam(parameters, plan.LearningRate, spec.Beta1, spec.Beta2, spec.WeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(plan), spec.Kind, "unknown optimiser kind."),
        };
        scheduler = plan.Schedule.Kind switch
        {
            ScheduleKind.None => null,
            ScheduleKind.OneCycle => OneCycleLR(optimizer, plan.Schedule.MaxLrFactor * plan.LearningRate, total_steps: Math.Max(totalSteps, 1),
                                                pct_start: plan.Schedule.WarmupFraction),
            _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.Schedule.Kind, "unknown schedule kind."),
        };
    }

    /// <summary>The rate the next step uses.</summary>
    public double LearningRate => optimizer.ParamGroups.First().LearningRate;

    public void ZeroGrad() => optimizer.zero_grad();

    /// <summary>One optimiser step (gradients already computed), then one schedule step.</summary>
    public void Step()
    {
        optimizer.step();
        scheduler?.step();
    }

    /// <summary>The optimiser's state (per-parameter buffers and options) in TorchSharp's format.</summary>
    public byte[] SaveState() => Save(optimizer);

    /// <summary>Brings a fresh optimiser to the stored one: the schedule replayed for <paramref name="steps"/> steps, then the state loaded.</summary>
    public void Restore(byte[] state, int steps)
    {
        for (int i = 0; i < steps && scheduler is not null; i++) scheduler.step();
        Load(optimizer, state);
    }

    /// <summary>An optimiser's state in TorchSharp's format (its class name first).</summary>
    internal static byte[] Save(OptimizerHelper optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return buffer.ToArray();
    }

    /// <summary>Loads a state <see cref="Save"/> wrote into an optimiser of the same class and parameter shapes.</summary>
    internal static void Load(OptimizerHelper optimizer, byte[] state)
    {
        using var buffer = new MemoryStream(state, writable: false);
        using var reader = new BinaryReader(buffer);
        optimizer.load_state_dict(reader);
    }

    public void Dispose() => optimizer.Dispose();
}

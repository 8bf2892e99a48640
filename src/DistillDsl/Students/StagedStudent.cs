using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Students;

/// <summary>What every student is: a chain of named stages run in order, each named after the teacher tap (or catalog
/// block) it stands for, returning the outputs of the stages the teacher taps. The stages are registered under their
/// names, so a student's parameters read <c>stem.…</c>, <c>layer1.…</c>, <c>stage5.…</c>, and per-tap parameter counts
/// can be read by name prefix.</summary>
public abstract class StagedStudent : nn.Module<Tensor, Dictionary<string, Tensor>>, IDistillStudent
{
    private readonly List<(string Name, nn.Module<Tensor, Tensor> Stage)> stages;
    private readonly string[] outputTaps;

    /// <param name="stages">The stages in forward order; none may follow the last output.</param>
    /// <param name="outputTaps">Names of the stages whose outputs <see cref="forward"/> returns.</param>
    protected StagedStudent(string name, IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Stage)> stages, IEnumerable<string> outputTaps)
        : base(name)
    {
        this.stages = stages.ToList();
        var stageNames = this.stages.Select(s => s.Name).ToList();
        var outputs = outputTaps.ToHashSet();
        if (outputs.Count == 0) throw new ArgumentException($"A {name} must output at least one tap.", nameof(outputTaps));
        foreach (string tap in outputs)
        {
            if (!stageNames.Contains(tap))
            {
                throw new ArgumentException($"The {name} has no stage '{tap}' to output; its stages are: {string.Join(", ", stageNames)}.", nameof(outputTaps));
            }
        }
        this.outputTaps = stageNames.Where(outputs.Contains).ToArray();
        foreach (var (stageName, stage) in this.stages) register_module(stageName, stage);
        RegisterComponents();
    }

    /// <summary>Every staged student reads the normalised image.</summary>
    public StudentInput Input => StudentInput.Image;

    /// <summary>Runs <see cref="forward"/> on the image; the teacher's taps are not needed.</summary>
    public Dictionary<string, Tensor> Forward(Tensor? normalizedImage, IReadOnlyList<Tensor>? teacherTaps) =>
        call(normalizedImage ?? throw new ArgumentNullException(nameof(normalizedImage), $"The {GetName()} reads the image."));

    public nn.Module AsModule() => this;

    /// <summary>Stage names in forward order.</summary>
    public IReadOnlyList<string> StageNames => stages.Select(s => s.Name).ToList();

    /// <summary>The taps <see cref="forward"/> returns, in forward order.</summary>
    public IReadOnlyList<string> OutputTaps => outputTaps;

    /// <summary>One tap's output from the outputs of a student's forward pass (its own, or a fused copy's).</summary>
    /// <exception cref="InvalidOperationException">The student does not output that tap.</exception>
    public static Tensor TapOutput(IReadOnlyDictionary<string, Tensor> outputs, string tap, string teacher) =>
        outputs.TryGetValue(tap, out Tensor? output) ? output
        : throw new InvalidOperationException($"The student of teacher '{teacher}' produced no tap '{tap}'.");

    /// <summary>The outputs of <see cref="OutputTaps"/>, keyed by tap name; the forward pass stops after the last one.</summary>
    public override Dictionary<string, Tensor> forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var outputs = new Dictionary<string, Tensor>();
        Tensor x = input;
        foreach (var (name, stage) in stages)
        {
            x = stage.call(x);
            if (outputTaps.Contains(name)) outputs[name] = x;
            if (outputs.Count == outputTaps.Length) break;
        }
        foreach (Tensor output in outputs.Values) output.MoveToOuterDisposeScope();
        return outputs;
    }
}

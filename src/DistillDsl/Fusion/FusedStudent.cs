using DistillDsl.Methods.MemoryBank;
using DistillDsl.Methods.ReverseDistillation;
using DistillDsl.Students;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>A student, fused (<see cref="LayerFusion"/>): what <see cref="IDistillStudent.Forward"/> computes in eval mode,
/// with copies of the weights.</summary>
internal abstract class FusedStudent : IDisposable
{
    /// <summary>What the student reads, as <see cref="IDistillStudent.Input"/>.</summary>
    public abstract StudentInput Input { get; }

    /// <summary>The student's tapped outputs, keyed by tap name (new tensors).</summary>
    /// <param name="normalizedImage">The teacher's input, for a student that reads the image.</param>
    /// <param name="teacherTaps">The teacher's pooled taps in spec order, for a student that reads them.</param>
    public abstract Dictionary<string, Tensor> Forward(Tensor? normalizedImage, IReadOnlyList<Tensor>? teacherTaps);

    public abstract void UseChannelsLast();

    public abstract void Dispose();

    /// <exception cref="NotSupportedException">A student kind or module the fusion does not know.</exception>
    public static FusedStudent Of(IDistillStudent student) => student switch
    {
        StagedStudent staged => new FusedStagedStudent(staged),
        ReverseDistillationStudent reverse => new FusedReverseDistillationStudent(reverse),
        MemoryBankStudent bank => new FusedMemoryBankStudent(bank),
        _ => throw new NotSupportedException($"The fast inference path does not know the student {student.GetType().Name}."),
    };
}

/// <summary>A <see cref="StagedStudent"/>'s stages, fused, run on the image until the last output.</summary>
internal sealed class FusedStagedStudent(StagedStudent student) : FusedStudent
{
    private readonly List<(string Name, FusedLayer Stage)> stages = LayerFusion.StudentStages(student);
    private readonly HashSet<string> outputs = student.OutputTaps.ToHashSet();

    public override StudentInput Input => StudentInput.Image;

    public override Dictionary<string, Tensor> Forward(Tensor? normalizedImage, IReadOnlyList<Tensor>? teacherTaps) =>
        FusedStages.Run(stages, normalizedImage ?? throw new ArgumentNullException(nameof(normalizedImage)), outputs);

    public override void UseChannelsLast()
    {
        foreach (var (_, stage) in stages) stage.UseChannelsLast();
    }

    public override void Dispose()
    {
        foreach (var (_, stage) in stages) stage.Dispose();
    }
}

using DistillDsl.Fusion;
using DistillDsl.Students;
using static TorchSharp.torch;

namespace DistillDsl.Methods.MemoryBank;

/// <summary>The memory bank student on the fast path: it has no batch norm to fold and no layout of its own (the search
/// reads the taps position by position in any memory format), so it searches the graph's own banks.</summary>
internal sealed class FusedMemoryBankStudent(MemoryBankStudent student) : FusedStudent
{
    public override StudentInput Input => StudentInput.TeacherTaps;

    public override Dictionary<string, Tensor> Forward(Tensor? normalizedImage, IReadOnlyList<Tensor>? teacherTaps) =>
        student.forward(teacherTaps ?? throw new ArgumentNullException(nameof(teacherTaps), "The memory bank student reads the teacher's taps."));

    public override void UseChannelsLast()
    {
    }

    public override void Dispose()
    {
    }
}

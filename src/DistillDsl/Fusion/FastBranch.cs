using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Students;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>One teacher of a <see cref="FastInferenceGraph"/> with its student, fused (<see cref="LayerFusion"/>): the
/// teacher (<see cref="FusedTeacher"/>, with the input normalisation) and the student (<see cref="FusedStudent"/>), which
/// reads the normalised image or the teacher's taps.</summary>
internal sealed class FastBranch : IDisposable
{
    private readonly FusedTeacher teacher;
    private readonly FusedStudent student;

    public FastBranch(DistillBranch branch, Device device)
    {
        Name = branch.Name;
        Spec = branch.Spec;
        teacher = new FusedTeacher(branch, device);
        try
        {
            student = FusedStudent.Of(branch.StudentNetwork);
        }
        catch
        {
            teacher.Dispose();
            throw;
        }
    }

    public string Name { get; }

    public TeacherSpec Spec { get; }

    public void UseChannelsLast()
    {
        teacher.UseChannelsLast();
        student.UseChannelsLast();
    }

    /// <summary>Per tap, in the spec's order: the teacher's pooled features and the student's (new tensors, in the caller's
    /// dispose scope). <paramref name="channelsLast"/>: run the networks in channels-last memory format.</summary>
    public List<(string Tap, TapPair Pair)> Features(Tensor rgb, bool channelsLast)
    {
        Tensor input = teacher.Normalize(rgb, channelsLast);
        List<Tensor> teacherFeatures = teacher.PooledTaps(input);
        Dictionary<string, Tensor> studentOut = student.Input == StudentInput.TeacherTaps
            ? student.Forward(null, teacherFeatures)
            : student.Forward(input, null);
        var features = new List<(string, TapPair)>();
        for (int i = 0; i < Spec.Taps.Count; i++)
        {
            string tap = Spec.Taps[i].Name;
            Tensor studentFeatures = StagedStudent.TapOutput(studentOut, tap, Name);
            features.Add((tap, new TapPair(teacherFeatures[i], studentFeatures)));
        }
        return features;
    }

    public void Dispose()
    {
        teacher.Dispose();
        student.Dispose();
    }
}

using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Students;
using static TorchSharp.torch;

namespace DistillDsl.Inference.Fast;

/// <summary>One teacher of a <see cref="FastInferenceGraph"/> with its student, fused (<see cref="LayerFusion"/>): the
/// teacher (<see cref="FusedTeacher"/>, with the input normalisation) and the student's stages.</summary>
internal sealed class FastBranch : IDisposable
{
    private readonly FusedTeacher teacher;
    private readonly List<(string Name, FusedLayer Stage)> student;
    private readonly HashSet<string> studentTaps;

    public FastBranch(DistillBranch branch, Device device)
    {
        Name = branch.Name;
        Spec = branch.Spec;
        var staged = (StagedStudent)branch.Student;
        studentTaps = staged.OutputTaps.ToHashSet();
        teacher = new FusedTeacher(branch, device);
        student = LayerFusion.StudentStages(staged);
    }

    public string Name { get; }

    public TeacherSpec Spec { get; }

    public void UseChannelsLast()
    {
        teacher.UseChannelsLast();
        foreach (var (_, stage) in student) stage.UseChannelsLast();
    }

    /// <summary>Per tap, in the spec's order: the teacher's pooled features and the student's (new tensors, in the caller's
    /// dispose scope). <paramref name="channelsLast"/>: run the networks in channels-last memory format.</summary>
    public List<(string Tap, TapPair Pair)> Features(Tensor rgb, bool channelsLast)
    {
        Tensor input = teacher.Normalize(rgb, channelsLast);
        List<Tensor> teacherFeatures = teacher.PooledTaps(input);
        Dictionary<string, Tensor> studentOut = FusedStages.Run(student, input, studentTaps);
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
        foreach (var (_, stage) in student) stage.Dispose();
    }
}

using DistillDsl.Graphs;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Students;
using static TorchSharp.torch;
using DistillDsl.Torch;

namespace DistillDsl.Inference.Fast;

/// <summary>One teacher of a <see cref="FastInferenceGraph"/> with its student, fused (<see cref="LayerFusion"/>): the
/// teacher's stages up to its deepest tap, the student's stages, and the teacher's input normalisation with its constants
/// kept on the device.</summary>
internal sealed class FastBranch : IDisposable
{
    private readonly List<(string Tap, FusedLayer Stage)> teacher;
    private readonly List<(string Name, FusedLayer Stage)> student;
    private readonly HashSet<string> teacherTaps;
    private readonly HashSet<string> studentTaps;
    private readonly bool bgr;
    private readonly float scale;
    private readonly Tensor mean;
    private readonly Tensor std;

    public FastBranch(DistillBranch branch, Device device)
    {
        Name = branch.Name;
        Spec = branch.Spec;
        teacherTaps = branch.Spec.Taps.Select(t => t.Name).ToHashSet();
        int deepest = teacherTaps.Max(branch.Teacher.Info.IndexOfTap);
        var staged = (StagedStudent)branch.Student;
        studentTaps = staged.OutputTaps.ToHashSet();
        teacher = LayerFusion.TeacherStages(branch.Teacher, deepest);
        student = LayerFusion.StudentStages(staged);
        // The same constants and operations as NormalizationParameters.Apply, made once.
        bgr = branch.Normalization.Kind == InputNormalization.BgrMean;
        scale = branch.Normalization.Scale;
        mean = tensor(branch.Normalization.Mean.ToArray(), device: device).view(3, 1, 1);
        std = tensor(branch.Normalization.Std.ToArray(), device: device).view(3, 1, 1);
    }

    public string Name { get; }

    public TeacherSpec Spec { get; }

    public void UseChannelsLast()
    {
        foreach (var (_, stage) in teacher) stage.UseChannelsLast();
        foreach (var (_, stage) in student) stage.UseChannelsLast();
    }

    /// <summary>Per tap, in the spec's order: the teacher's pooled features and the student's (new tensors, in the caller's
    /// dispose scope). <paramref name="channelsLast"/>: run the networks in channels-last memory format.</summary>
    public List<(string Tap, TapPair Pair)> Features(Tensor rgb, bool channelsLast)
    {
        Tensor ordered = bgr ? rgb.flip(-3) : rgb;
        Tensor input = (ScalarArithmetic.Mul(ordered, scale) - mean) / std;
        if (channelsLast) input = MemoryLayout.ChannelsLast(input);
        Dictionary<string, Tensor> teacherOut = RunStages(teacher, input, teacherTaps);
        Dictionary<string, Tensor> studentOut = RunStages(student, input, studentTaps);
        var features = new List<(string, TapPair)>();
        foreach (TapSpec tap in Spec.Taps)
        {
            Tensor studentFeatures = studentOut.TryGetValue(tap.Name, out Tensor? s) ? s
                : throw new InvalidOperationException($"The student of teacher '{Name}' produced no tap '{tap.Name}'.");
            features.Add((tap.Name, new TapPair(TapPooling.Apply(teacherOut[tap.Name], tap), studentFeatures)));
        }
        return features;
    }

    /// <summary>Runs the stages in order until every wanted output is there; the other stage outputs are freed at once.</summary>
    private static Dictionary<string, Tensor> RunStages(List<(string Name, FusedLayer Stage)> stages, Tensor input, HashSet<string> wanted)
    {
        var outputs = new Dictionary<string, Tensor>();
        Tensor x = input;
        foreach (var (name, stage) in stages)
        {
            Tensor next = stage.Forward(x);
            // By reference: Tensor.Equals compares values (slow, and false for NaN, which freed a wanted output).
            if (!ReferenceEquals(x, input) && !outputs.Values.Any(kept => ReferenceEquals(kept, x))) x.Dispose();
            x = next;
            if (wanted.Contains(name)) outputs[name] = x;
            if (outputs.Count == wanted.Count) break;
        }
        return outputs;
    }

    public void Dispose()
    {
        foreach (var (_, stage) in teacher) stage.Dispose();
        foreach (var (_, stage) in student) stage.Dispose();
        mean.Dispose();
        std.Dispose();
    }
}

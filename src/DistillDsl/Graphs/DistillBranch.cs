using DistillDsl.Backbones;
using DistillDsl.Data;
using DistillDsl.Spec.Model;
using DistillDsl.Students;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Graphs;

/// <summary>One teacher of a graph with its student: the frozen teacher (submodule <c>teacher</c>), the trainable student
/// (submodule <c>student</c>) and the normalisation that turns RGB in [0, 1] into their input.</summary>
/// <remarks>The teacher stays in eval mode whatever <see cref="train"/> is asked: its batch norms keep their ImageNet
/// statistics and its parameters never require gradients.</remarks>
public sealed class DistillBranch : nn.Module
{
    private readonly nn.Module teacher;
    private readonly nn.Module student;
    private readonly string[] taps;
    private readonly int[] cuts;

    internal DistillBranch(TeacherSpec spec, LoadedTeacher teacher, IDistillStudent student) : base(spec.Name)
    {
        Spec = spec;
        Normalization = teacher.Normalization;
        this.teacher = teacher.Backbone.AsModule();
        this.student = student.AsModule();
        taps = spec.Taps.Select(t => t.Name).ToArray();
        cuts = ReflectBorder.Cuts(spec, teacher.Backbone.Info);
        RegisterComponents();
        this.teacher.eval();
    }

    /// <summary>The teacher's name in the config.</summary>
    public string Name => Spec.Name;

    public TeacherSpec Spec { get; }

    /// <summary>Frozen, in eval mode.</summary>
    public ITappedBackbone Teacher => (ITappedBackbone)teacher;

    /// <summary>The student's module: parameters, state dict, train/eval. <see cref="StudentNetwork"/> runs it.</summary>
    public nn.Module Student => student;

    /// <summary>The student as a network: what it reads (<see cref="IDistillStudent.Input"/>) and its forward pass.</summary>
    public IDistillStudent StudentNetwork => (IDistillStudent)student;

    /// <summary>How RGB in [0, 1] becomes this teacher's (and its student's) input, before <see cref="InputDownsample"/>.</summary>
    public NormalizationParameters Normalization { get; }

    /// <summary>Sets the student's mode; the teacher stays in eval mode.</summary>
    public override void train(bool train = true)
    {
        base.train(train);
        teacher.eval();
    }

    /// <summary>Per tap, in the spec's order: the teacher's features (computed without gradients on the normalised image,
    /// <see cref="InputDownsample"/>d, with its
    /// <see cref="ReflectBorder"/>, cropped back, then pooled as the tap says) and the student's, which reads the normalised image or those teacher features (<see cref="IDistillStudent.Input"/>).
    /// The tensors are moved to the caller's dispose scope.</summary>
    internal List<(string Tap, TapPair Pair)> Features(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        Tensor input = InputDownsample.Apply(Normalization.Apply(rgb), Spec.Downsample);
        var teacherFeatures = new List<Tensor>();
        using (no_grad())
        {
            Dictionary<string, Tensor> teacherTaps = ImageTap.ForwardTaps(Teacher, ReflectBorder.Pad(input, Spec.ReflectBorder), taps);
            for (int i = 0; i < taps.Length; i++) teacherFeatures.Add(TapPooling.Apply(ReflectBorder.Crop(teacherTaps[taps[i]], cuts[i]), Spec.Taps[i]));
        }
        Dictionary<string, Tensor> studentTaps = StudentNetwork.Input == StudentInput.TeacherTaps
            ? StudentNetwork.Forward(null, teacherFeatures)
            : StudentNetwork.Forward(input, null);

        var features = new List<(string, TapPair)>();
        for (int i = 0; i < taps.Length; i++)
        {
            Tensor studentFeatures = StagedStudent.TapOutput(studentTaps, taps[i], Name);
            features.Add((taps[i], new TapPair(teacherFeatures[i].MoveToOuterDisposeScope(), studentFeatures.MoveToOuterDisposeScope())));
        }
        return features;
    }
}

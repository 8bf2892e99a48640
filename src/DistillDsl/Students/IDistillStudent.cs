using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Students;

/// <summary>What a student reads.</summary>
public enum StudentInput
{
    /// <summary>The normalised image, as its teacher does (every student but Reverse Distillation's).</summary>
    Image,

    /// <summary>Its teacher's taps (after their pooling, in the spec's tap order), computed without gradients: Reverse
    /// Distillation's decoder. Such a student never sees the image, so a cache of the teacher's taps is all it needs.</summary>
    TeacherTaps,
}

/// <summary>The trainable network of one graph branch: a module whose forward pass gives one output per teacher tap it
/// reproduces. Students that read the image derive from <see cref="StagedStudent"/>; the others say so by
/// <see cref="Input"/>, and every caller (the graph, training, the fast path, the ONNX export) hands each the input it
/// asks for.</summary>
public interface IDistillStudent
{
    StudentInput Input { get; }

    /// <summary>The taps the forward pass returns, in forward order of the teacher.</summary>
    IReadOnlyList<string> OutputTaps { get; }

    /// <summary>The outputs of <see cref="OutputTaps"/>, keyed by tap name (tensors in the caller's dispose scope).</summary>
    /// <param name="normalizedImage">The teacher's input; needed when <see cref="Input"/> is <see cref="StudentInput.Image"/>.</param>
    /// <param name="teacherTaps">The teacher's pooled taps in the spec's tap order; needed for <see cref="StudentInput.TeacherTaps"/>.</param>
    Dictionary<string, Tensor> Forward(Tensor? normalizedImage, IReadOnlyList<Tensor>? teacherTaps);

    /// <summary>The module itself, for parameters, state dicts, device moves and train/eval.</summary>
    nn.Module AsModule();
}

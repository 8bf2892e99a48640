using DistillDsl.Backbones;
using DistillDsl.Weights.Torchvision;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Students;

/// <summary>A fresh copy of a backbone split into its tap-named stages (<see cref="ITappedBackbone.Stages"/>), so a student
/// can be the teacher's own architecture.</summary>
internal static class TeacherStageCopy
{
    /// <summary>The stages of a new backbone shaped like <paramref name="teacher"/> (same layout options), from the first
    /// catalog tap up to <paramref name="lastTapIndex"/>; with <paramref name="copyWeights"/>, starting from the teacher's
    /// parameters and batch-norm statistics.</summary>
    public static List<(string Name, nn.Module<Tensor, Tensor> Stage)> Of(ITappedBackbone teacher, int lastTapIndex, bool copyWeights)
    {
        ITappedBackbone copy = teacher.NewOfSameArchitecture();
        if (copyWeights)
        {
            StateDictLoader.Load(copy.AsModule(), teacher.AsModule().state_dict(), $"the {teacher.Info.Name} teacher's weights");
        }
        return copy.Stages().Take(lastTapIndex + 1).Select(stage => (stage.Tap, stage.Module)).ToList();
    }
}

using DistillDsl.Backbones.ResNet;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Students;

/// <summary>The Reduced Student (paper §3.2) and the authors' variant of it, for a ResNet-18 teacher: ResNet-18's stem
/// (7×7/2 conv, batch norm, ReLU, 3×3/2 max pool; the teacher's stem channels), then one stage per entry of
/// <see cref="ReducedResNetStudentSpec.Stages"/>, named after it. A stage is <c>blocks</c> blocks with
/// width_ratio × the teacher tap's channels, the first block carrying the stride; a block is either one 3×3 conv + batch
/// norm + ReLU (<see cref="ResidualBlockKind.Conv"/>: the paper's "one layer for each block") or a torchvision BasicBlock
/// with a 1×1 projection shortcut when the stride or the width changes (<see cref="ResidualBlockKind.Basic"/>: the authors' code).</summary>
/// <remarks>Outputs: the stem when <see cref="ReducedResNetStudentSpec.StemTap"/> is set, and every stage the teacher taps.
/// Shapes agree with <see cref="ShapeInference.StudentOutputs"/>.</remarks>
public sealed class ReducedResNetStudent : StagedStudent
{
    private const string Stem = "stem";

    /// <param name="teacherTaps">The teacher's taps; stages it does not tap are built but not output.</param>
    public ReducedResNetStudent(ReducedResNetStudentSpec spec, IReadOnlyCollection<string> teacherTaps)
        : base(nameof(ReducedResNetStudent), BuildStages(spec), Outputs(spec, teacherTaps))
    {
        Spec = spec;
    }

    public ReducedResNetStudentSpec Spec { get; }

    private static List<(string, nn.Module<Tensor, Tensor>)> BuildStages(ReducedResNetStudentSpec spec)
    {
        BackboneInfo info = BackboneCatalog.ResNet18Info;
        int channels = info.FindTap(Stem)!.Channels;
        var stages = new List<(string, nn.Module<Tensor, Tensor>)> { (Stem, StudentLayers.ResNetStem(channels)) };
        foreach (ReducedStageSpec stage in spec.Stages)
        {
            TapInfo tap = info.FindTap(stage.Name)
                ?? throw new ArgumentException($"A reduced ResNet stage must be named after a ResNet-18 tap ({string.Join(", ", info.TapNames)}); got '{stage.Name}'.", nameof(spec));
            int width = ShapeInference.ScaledChannels(tap.Channels, stage.WidthRatio);
            stages.Add((stage.Name, Stage(spec.Block, channels, width, stage.Blocks, stage.Stride)));
            channels = width;
        }
        return stages;
    }

    private static nn.Module<Tensor, Tensor> Stage(ResidualBlockKind block, int inChannels, int outChannels, int blocks, int stride)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (int i = 0; i < blocks; i++)
        {
            int blockIn = i == 0 ? inChannels : outChannels;
            int blockStride = i == 0 ? stride : 1;
            layers.Add(block switch
            {
                ResidualBlockKind.Conv => StudentLayers.ConvBnRelu(blockIn, outChannels, 3, blockStride),
                ResidualBlockKind.Basic => new BasicBlock(blockIn, outChannels, blockStride),
                _ => throw new ArgumentOutOfRangeException(nameof(block), block, "unknown block kind."),
            });
        }
        return nn.Sequential(layers);
    }

    private static IEnumerable<string> Outputs(ReducedResNetStudentSpec spec, IReadOnlyCollection<string> teacherTaps)
    {
        if (spec.StemTap) yield return Stem;
        foreach (ReducedStageSpec stage in spec.Stages)
        {
            if (teacherTaps.Contains(stage.Name)) yield return stage.Name;
        }
    }
}

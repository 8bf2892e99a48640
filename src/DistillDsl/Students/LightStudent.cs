using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Students;

/// <summary>The paper's light student (§4.2: "one convolution for each efficientnet block without pooling"), for any
/// backbone: for every catalog block from the first up to the deepest tapped one, one k×k convolution + batch norm + ReLU
/// with that block's stride step and width_ratio × its channels, named after the block. Outputs the tapped blocks.</summary>
public sealed class LightStudent : StagedStudent
{
    public LightStudent(LightStudentSpec spec, BackboneInfo backbone, IReadOnlyCollection<string> teacherTaps)
        : base(nameof(LightStudent), BuildStages(spec, backbone, teacherTaps), teacherTaps)
    {
        Spec = spec;
    }

    public LightStudentSpec Spec { get; }

    private static List<(string, nn.Module<Tensor, Tensor>)> BuildStages(LightStudentSpec spec, BackboneInfo backbone, IReadOnlyCollection<string> teacherTaps)
    {
        int deepest = teacherTaps.Select(backbone.IndexOfTap).DefaultIfEmpty(-1).Max();
        var stages = new List<(string, nn.Module<Tensor, Tensor>)>();
        int channels = 3;
        for (int i = 0; i <= deepest; i++)
        {
            TapInfo block = backbone.Taps[i];
            int width = ShapeInference.ScaledChannels(block.Channels, spec.WidthRatio);
            stages.Add((block.Name, StudentLayers.ConvBnRelu(channels, width, spec.Kernel, ShapeInference.StrideStep(backbone, i))));
            channels = width;
        }
        return stages;
    }
}

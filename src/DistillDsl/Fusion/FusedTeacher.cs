using DistillDsl.Backbones;
using DistillDsl.Graphs;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>The frozen teacher of one <see cref="DistillBranch"/>, fused (<see cref="LayerFusion"/>): its stages up to its
/// deepest tap, its input normalisation with the constants kept on the device, and the taps' pooling. Used by the fast
/// inference path and by training, whose teacher never changes while the students learn.</summary>
/// <remarks>A snapshot: the teacher's weights are copied when it is built.</remarks>
internal sealed class FusedTeacher : IDisposable
{
    private readonly List<(string Tap, FusedLayer Stage)> stages;
    private readonly HashSet<string> layerTaps;
    private readonly IReadOnlyList<TapSpec> tapSpecs;
    private readonly int reflectBorder;
    private readonly int downsample;
    private readonly int[] cuts;
    private bool channelsLast;
    private readonly bool bgr;
    private readonly float scale;
    private readonly Tensor mean;
    private readonly Tensor std;

    /// <exception cref="NotSupportedException">The teacher has a module the fusion does not know.</exception>
    public FusedTeacher(DistillBranch branch, Device device)
    {
        tapSpecs = branch.Spec.Taps;
        reflectBorder = branch.Spec.ReflectBorder;
        downsample = branch.Spec.Downsample;
        cuts = ReflectBorder.Cuts(branch.Spec, branch.Teacher.Info);
        layerTaps = ImageTap.LayerTaps(tapSpecs.Select(t => t.Name)).ToHashSet();
        stages = LayerFusion.TeacherStages(branch.Teacher, ImageTap.DeepestLayer(branch.Teacher.Info, layerTaps));
        // The same constants and operations as NormalizationParameters.Apply, made once.
        bgr = branch.Normalization.Kind == InputNormalization.BgrMean;
        scale = branch.Normalization.Scale;
        mean = tensor(branch.Normalization.Mean.ToArray(), device: device).view(3, 1, 1);
        std = tensor(branch.Normalization.Std.ToArray(), device: device).view(3, 1, 1);
    }

    public void UseChannelsLast()
    {
        foreach (var (_, stage) in stages) stage.UseChannelsLast();
        channelsLast = true;
    }

    /// <summary>RGB in [0, 1] → the teacher's (and its student's) input (normalised, then <see cref="InputDownsample"/>d), a new
    /// tensor; channels-last when asked.</summary>
    public Tensor Normalize(Tensor rgb, bool channelsLast)
    {
        using var scope = NewDisposeScope();
        Tensor ordered = bgr ? rgb.flip(-3) : rgb;
        Tensor input = InputDownsample.Apply((ScalarArithmetic.Mul(ordered, scale) - mean) / std, downsample);
        if (channelsLast) input = MemoryLayout.ChannelsLast(input);
        return input.MoveToOuterDisposeScope();
    }

    /// <summary>The teacher's features of every tap (of the image with its <see cref="ReflectBorder"/>, cropped back), after the tap's pooling, in the spec's tap order (new tensors). The
    /// caller chooses the grad mode (inference mode or no_grad).</summary>
    public List<Tensor> PooledTaps(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor padded = ReflectBorder.Pad(input, reflectBorder);
        if (reflectBorder > 0 && channelsLast) padded = MemoryLayout.ChannelsLast(padded);
        Dictionary<string, Tensor> outputs = FusedStages.Run(stages, padded, layerTaps);
        if (tapSpecs.Any(t => ImageTap.Is(t.Name))) outputs[BackboneCatalog.ImageTapName] = padded.alias();
        return tapSpecs.Select((tap, i) => TapPooling.Apply(ReflectBorder.Crop(outputs[tap.Name], cuts[i]), tap).MoveToOuterDisposeScope())
            .ToList();
    }

    public void Dispose()
    {
        foreach (var (_, stage) in stages) stage.Dispose();
        mean.Dispose();
        std.Dispose();
    }
}

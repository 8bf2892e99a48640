using DistillDsl.Backbones.ResNet;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Students;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Methods.ReverseDistillation;

/// <summary>Reverse Distillation's student (Deng and Li, CVPR 2022): it reads the frozen teacher's taps, squeezes them through
/// the one-class bottleneck embedding (<see cref="OneClassBottleneck"/>, submodule <c>bottleneck</c>) and decodes the
/// embedding back, stage by stage from the deepest tap down to the shallowest: each decoder stage is an
/// <see cref="UpsamplingBlock"/> (×2 per side) followed by <c>decoder_blocks − 1</c> BasicBlocks, with the teacher tap's
/// channels, and is named after that tap (<c>layer3</c>, <c>layer2</c>, <c>layer1</c>). It outputs the stages the teacher
/// taps; shapes agree with <see cref="Spec.Shapes.ShapeInference.ReverseDistillationOutputs"/>.</summary>
/// <remarks>Submodules are registered in forward order: bottleneck, then the decoder stages deepest first.</remarks>
public sealed class ReverseDistillationStudent : nn.Module<IReadOnlyList<Tensor>, Dictionary<string, Tensor>>, IDistillStudent
{
    private readonly OneClassBottleneck bottleneck;
    private readonly List<(string Name, Sequential Stage)> decoder = [];
    private readonly string[] outputTaps;

    /// <param name="teacherTaps">The teacher's taps in encoder order: stage taps of the backbone (the validator checks).</param>
    public ReverseDistillationStudent(ReverseDistillationStudentSpec spec, BackboneInfo backbone, IReadOnlyList<string> teacherTaps)
        : base(nameof(ReverseDistillationStudent))
    {
        Spec = spec;
        var indices = teacherTaps.Select(backbone.IndexOfTap).ToList();
        if (indices.Count == 0 || indices.Any(i => i < 1 || i + 1 >= backbone.Taps.Count) || indices.Zip(indices.Skip(1)).Any(p => p.First >= p.Second))
        {
            throw new ArgumentException(
                $"A reverse distillation student needs stage taps of {backbone.Name} in encoder order, each with a next stage; got {string.Join(", ", teacherTaps)}.",
                nameof(teacherTaps));
        }
        bottleneck = new OneClassBottleneck(backbone, indices, spec.BottleneckBlocks);
        long channels = bottleneck.OutChannels;
        for (int i = indices[^1]; i >= indices[0]; i--)
        {
            long width = backbone.Taps[i].Channels;
            var blocks = new List<nn.Module<Tensor, Tensor>> { new UpsamplingBlock(channels, width) };
            for (int b = 1; b < spec.DecoderBlocks; b++) blocks.Add(new BasicBlock((int)width, (int)width, 1));
            decoder.Add((backbone.Taps[i].Name, nn.Sequential(blocks)));
            channels = width;
        }
        outputTaps = [.. teacherTaps];
        register_module("bottleneck", bottleneck);
        foreach (var (name, stage) in decoder) register_module(name, stage);
        RegisterComponents();
    }

    public ReverseDistillationStudentSpec Spec { get; }

    public StudentInput Input => StudentInput.TeacherTaps;

    /// <summary>The teacher's taps, encoder order.</summary>
    public IReadOnlyList<string> OutputTaps => outputTaps;

    internal OneClassBottleneck Bottleneck => bottleneck;

    /// <summary>The decoder stages, deepest first.</summary>
    internal IReadOnlyList<(string Name, Sequential Stage)> Decoder => decoder;

    public Dictionary<string, Tensor> Forward(Tensor? normalizedImage, IReadOnlyList<Tensor>? teacherTaps) =>
        call(teacherTaps ?? throw new ArgumentNullException(nameof(teacherTaps), "The reverse distillation student reads the teacher's taps."));

    public nn.Module AsModule() => this;

    /// <param name="teacherTaps">The teacher's taps in encoder order (<see cref="OutputTaps"/>), unpooled.</param>
    public override Dictionary<string, Tensor> forward(IReadOnlyList<Tensor> teacherTaps)
    {
        using var scope = NewDisposeScope();
        var outputs = new Dictionary<string, Tensor>();
        Tensor x = bottleneck.call(teacherTaps);
        foreach (var (name, stage) in decoder)
        {
            x = stage.call(x);
            if (outputTaps.Contains(name)) outputs[name] = x;
        }
        foreach (Tensor output in outputs.Values) output.MoveToOuterDisposeScope();
        return outputs;
    }
}

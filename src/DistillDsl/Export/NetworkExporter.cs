using DistillDsl.Backbones;
using DistillDsl.Backbones.EfficientNet;
using DistillDsl.Backbones.ResNet;
using DistillDsl.Methods.ReverseDistillation;
using DistillDsl.Students;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Export;

/// <summary>Writes a branch's two networks up to their deepest tap and returns the tapped values: the teacher per backbone
/// type (its forward is code, not a module list) and the student stage by stage.</summary>
internal sealed class NetworkExporter(OnnxGraphWriter onnx)
{
    private readonly ModuleExporter modules = new(onnx);

    /// <summary>The teacher's outputs of <paramref name="taps"/>, keyed by tap name.</summary>
    public Dictionary<string, OnnxValue> Teacher(ITappedBackbone teacher, IReadOnlyCollection<string> taps, OnnxValue input, string path)
    {
        int deepest = taps.Max(teacher.Info.IndexOfTap);
        var outputs = new Dictionary<string, OnnxValue>();
        OnnxValue x = input;
        for (int i = 0; i <= deepest; i++)
        {
            string tap = teacher.Info.Taps[i].Name;
            x = teacher switch
            {
                ResNet18 resnet => ResNetStage(resnet, tap, x, path),
                EfficientNetB0 efficientNet => modules.Export(ModuleExporter.Child<nn.Module>(Features(efficientNet, path), i.ToString(System.Globalization.CultureInfo.InvariantCulture), path + ".features"),
                                                              x, $"{path}.features.{i}"),
                _ => throw ModuleExporter.Unsupported(teacher.AsModule(), path),
            };
            if (taps.Contains(tap)) outputs[tap] = x;
        }
        return outputs;
    }

    /// <summary>The student's <see cref="IDistillStudent.OutputTaps"/>, keyed by tap name, from the normalised image or the
    /// teacher's pooled taps (spec order), whichever it reads.</summary>
    public Dictionary<string, OnnxValue> Student(IDistillStudent student, OnnxValue image, IReadOnlyList<OnnxValue> teacherTaps, string path) => student switch
    {
        StagedStudent staged => Student(staged, image, path),
        ReverseDistillationStudent reverse => ReverseDistillation(reverse, teacherTaps, path),
        _ => throw ModuleExporter.Unsupported(student.AsModule(), path),
    };

    /// <summary>ReverseDistillationStudent.forward: each tap above the deepest through its reducing convolutions, all
    /// concatenated along the channels with the deepest, the bottleneck's stage, then the decoder stages deepest first.</summary>
    private Dictionary<string, OnnxValue> ReverseDistillation(ReverseDistillationStudent student, IReadOnlyList<OnnxValue> teacherTaps, string path)
    {
        var reducers = student.Bottleneck.Reducers;
        if (teacherTaps.Count != reducers.Count + 1)
        {
            throw new InvalidOperationException($"ONNX export: the student '{path}' reads {reducers.Count + 1} taps, not {teacherTaps.Count}.");
        }
        var fused = new List<OnnxValue>();
        for (int i = 0; i < reducers.Count; i++) fused.Add(modules.Export(reducers[i].Reduce, teacherTaps[i], $"{path}.bottleneck.{reducers[i].Name}"));
        fused.Add(teacherTaps[^1]);
        OnnxValue x = onnx.ConcatChannels(fused, path + ".bottleneck.concat");
        x = modules.Export(student.Bottleneck.Stage, x, path + ".bottleneck.stage");
        var outputs = new Dictionary<string, OnnxValue>();
        foreach (var (name, stage) in student.Decoder)
        {
            x = modules.Export(stage, x, $"{path}.{name}");
            if (student.OutputTaps.Contains(name)) outputs[name] = x;
        }
        return outputs;
    }

    /// <summary>The student's <see cref="StagedStudent.OutputTaps"/>, keyed by tap name: its stages in order, up to the last output.</summary>
    public Dictionary<string, OnnxValue> Student(StagedStudent student, OnnxValue input, string path)
    {
        var outputs = new Dictionary<string, OnnxValue>();
        OnnxValue x = input;
        foreach (string stage in student.StageNames)
        {
            x = modules.Export(ModuleExporter.Child<nn.Module>(student, stage, path), x, $"{path}.{stage}");
            if (student.OutputTaps.Contains(stage)) outputs[stage] = x;
            if (outputs.Count == student.OutputTaps.Count) break;
        }
        return outputs;
    }

    /// <summary>ResNet18.ForwardTaps: stem = conv1, bn1, ReLU, max pool 3/2/1; layerN = the module layerN.</summary>
    private OnnxValue ResNetStage(ResNet18 resnet, string tap, OnnxValue x, string path)
    {
        if (tap == "stem")
        {
            OnnxValue y = modules.Convolution(ModuleExporter.Child<Conv2d>(resnet, "conv1", path), ModuleExporter.Child<BatchNorm2d>(resnet, "bn1", path), x, path + ".conv1");
            return modules.ResNetStemPool(y, path);
        }
        return modules.Export(ModuleExporter.Child<Sequential>(resnet, tap, path), x, $"{path}.{tap}");
    }

    private static nn.Module Features(EfficientNetB0 efficientNet, string path) => ModuleExporter.Child<nn.Module>(efficientNet, "features", path);
}

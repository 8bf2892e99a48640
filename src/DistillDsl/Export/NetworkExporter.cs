using DistillDsl.Backbones;
using DistillDsl.Methods.MemoryBank;
using DistillDsl.Methods.ReverseDistillation;
using DistillDsl.Students;
using static TorchSharp.torch;

namespace DistillDsl.Export;

/// <summary>Writes a branch's two networks up to their deepest tap and returns the tapped values: the teacher stage by stage
/// (<see cref="ITappedBackbone.Stages"/>) and the student stage by stage.</summary>
internal sealed class NetworkExporter(OnnxGraphWriter onnx)
{
    private readonly ModuleExporter modules = new(onnx);

    /// <summary>The teacher's outputs of <paramref name="taps"/>, keyed by tap name (the image tap is the input itself).</summary>
    public Dictionary<string, OnnxValue> Teacher(ITappedBackbone teacher, IReadOnlyCollection<string> taps, OnnxValue input, string path)
    {
        int deepest = ImageTap.DeepestLayer(teacher.Info, taps);
        var outputs = new Dictionary<string, OnnxValue>();
        if (taps.Any(ImageTap.Is)) outputs[Spec.Backbones.BackboneCatalog.ImageTapName] = input;
        OnnxValue x = input;
        foreach (BackboneStage stage in teacher.Stages().Take(deepest + 1))
        {
            x = modules.Export(stage.Module, x, $"{path}.{stage.Tap}");
            if (taps.Contains(stage.Tap)) outputs[stage.Tap] = x;
        }
        return outputs;
    }

    /// <summary>The student's <see cref="IDistillStudent.OutputTaps"/>, keyed by tap name, from the normalised image or the
    /// teacher's pooled taps (spec order), whichever it reads.</summary>
    public Dictionary<string, OnnxValue> Student(IDistillStudent student, OnnxValue image, IReadOnlyList<OnnxValue> teacherTaps, string path) => student switch
    {
        StagedStudent staged => Student(staged, image, path),
        ReverseDistillationStudent reverse => ReverseDistillation(reverse, teacherTaps, path),
        MemoryBankStudent bank => MemoryBank(bank, teacherTaps, path),
        _ => throw ModuleExporter.Unsupported(student.AsModule(), path),
    };

    /// <summary>MemoryBankStudent.forward: each pooled tap's nearest bank rows.</summary>
    private Dictionary<string, OnnxValue> MemoryBank(MemoryBankStudent student, IReadOnlyList<OnnxValue> teacherTaps, string path)
    {
        if (teacherTaps.Count != student.Banks.Count)
        {
            throw new InvalidOperationException($"ONNX export: the student '{path}' reads {student.Banks.Count} taps, not {teacherTaps.Count}.");
        }
        var outputs = new Dictionary<string, OnnxValue>();
        for (int i = 0; i < student.Banks.Count; i++)
        {
            var (tap, bank) = student.Banks[i];
            float[] rows = bank.Rows.to(CPU).contiguous().data<float>().ToArray();
            outputs[tap] = onnx.NearestRows(teacherTaps[i], rows, bank.Size, bank.Normalized, (float)Methods.MemoryBank.MemoryBank.NormEpsilon, $"{path}.{tap}");
        }
        return outputs;
    }

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
}

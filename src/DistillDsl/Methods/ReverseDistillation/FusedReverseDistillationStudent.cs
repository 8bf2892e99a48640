using DistillDsl.Fusion;
using DistillDsl.Students;
using static TorchSharp.torch;

namespace DistillDsl.Methods.ReverseDistillation;

/// <summary>A <see cref="ReverseDistillationStudent"/> for the fast inference path: the bottleneck's reducing convolutions,
/// its residual stage and the decoder stages, each fused (<see cref="LayerFusion"/>: batch norms folded, ReLUs in place),
/// with copies of the weights. Computes what the student computes in eval mode.</summary>
internal sealed class FusedReverseDistillationStudent : FusedStudent
{
    private readonly List<FusedLayer> reducers;
    private readonly FusedLayer stage;
    private readonly List<(string Name, FusedLayer Stage)> decoder;
    private readonly HashSet<string> outputs;

    public FusedReverseDistillationStudent(ReverseDistillationStudent student)
    {
        outputs = student.OutputTaps.ToHashSet();
        var built = new List<FusedLayer>();
        try
        {
            reducers = [];
            foreach (var (_, reduce) in student.Bottleneck.Reducers) Add(reducers, LayerFusion.Fuse(reduce), built);
            stage = Add(null, LayerFusion.Fuse(student.Bottleneck.Stage), built);
            decoder = [];
            foreach (var (name, decoderStage) in student.Decoder) decoder.Add((name, Add(null, LayerFusion.Fuse(decoderStage), built)));
        }
        catch
        {
            foreach (FusedLayer layer in built) layer.Dispose();
            throw;
        }
    }

    private static FusedLayer Add(List<FusedLayer>? list, FusedLayer layer, List<FusedLayer> built)
    {
        built.Add(layer);
        list?.Add(layer);
        return layer;
    }

    public override StudentInput Input => StudentInput.TeacherTaps;

    public override Dictionary<string, Tensor> Forward(Tensor? normalizedImage, IReadOnlyList<Tensor>? teacherTaps)
    {
        ArgumentNullException.ThrowIfNull(teacherTaps);
        if (teacherTaps.Count != reducers.Count + 1) throw new ArgumentException($"The student reads {reducers.Count + 1} taps, not {teacherTaps.Count}.", nameof(teacherTaps));
        var fused = new Tensor[teacherTaps.Count];
        try
        {
            for (int i = 0; i < reducers.Count; i++) fused[i] = reducers[i].Forward(teacherTaps[i]);
            fused[^1] = teacherTaps[^1];
            using Tensor concatenated = cat(fused, 1);
            Tensor x = stage.Forward(concatenated);
            var result = new Dictionary<string, Tensor>();
            foreach (var (name, decoderStage) in decoder)
            {
                Tensor next = decoderStage.Forward(x);
                if (!result.Values.Any(kept => ReferenceEquals(kept, x))) x.Dispose();
                x = next;
                if (outputs.Contains(name)) result[name] = x;
            }
            if (!result.Values.Any(kept => ReferenceEquals(kept, x))) x.Dispose();
            return result;
        }
        finally
        {
            for (int i = 0; i < reducers.Count; i++) fused[i]?.Dispose();
        }
    }

    public override void UseChannelsLast()
    {
        foreach (FusedLayer layer in reducers) layer.UseChannelsLast();
        stage.UseChannelsLast();
        foreach (var (_, layer) in decoder) layer.UseChannelsLast();
    }

    public override void Dispose()
    {
        foreach (FusedLayer layer in reducers) layer.Dispose();
        stage.Dispose();
        foreach (var (_, layer) in decoder) layer.Dispose();
    }
}

using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>Runs a fused network given as named stages.</summary>
internal static class FusedStages
{
    /// <summary>Runs the stages in order until every wanted output is there; the other stage outputs are freed at once.</summary>
    public static Dictionary<string, Tensor> Run(List<(string Name, FusedLayer Stage)> stages, Tensor input, IReadOnlySet<string> wanted)
    {
        var outputs = new Dictionary<string, Tensor>();
        Tensor x = input;
        foreach (var (name, stage) in stages)
        {
            Tensor next = stage.Forward(x);
            // By reference: Tensor.Equals compares values (slow, and false for NaN, which freed a wanted output).
            if (!ReferenceEquals(x, input) && !outputs.Values.Any(kept => ReferenceEquals(kept, x))) x.Dispose();
            x = next;
            if (wanted.Contains(name)) outputs[name] = x;
            if (outputs.Count == wanted.Count) break;
        }
        return outputs;
    }
}

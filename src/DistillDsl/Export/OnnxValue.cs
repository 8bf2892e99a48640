namespace DistillDsl.Export;

/// <summary>A float tensor inside the ONNX graph being written: its name and its shape. The batch dimension is
/// <see cref="OnnxGraphWriter.Batch"/> (dynamic); every other dimension is known, because the graph's input size is fixed
/// after the in-graph resize.</summary>
internal sealed record OnnxValue(string Name, long[] Shape)
{
    public long Channels => Shape[1];

    public long Height => Shape[2];

    public long Width => Shape[3];

    public override string ToString() => $"{Name} [{string.Join(", ", Shape.Select(d => d == OnnxGraphWriter.Batch ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}

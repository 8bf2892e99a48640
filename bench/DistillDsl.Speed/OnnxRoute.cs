using DistillDsl.Deploy;
using DistillDsl.Export;
using DistillDsl.Graphs;
using DistillDsl.Metrics;

namespace DistillDsl.Speed;

/// <summary>The deployment route of the same graph: exported to ONNX (<see cref="OnnxExporter"/>) and scored by
/// <see cref="OnnxAnomalyDetector"/> on ONNX Runtime's CPU provider. Its calls start from uint8 pixels at the input size, so
/// they also convert to float (and run an identity resize) — work the TorchSharp routes, which start from float RGB, skip.</summary>
internal sealed class OnnxRoute : IDisposable
{
    private readonly OnnxAnomalyDetector detector;

    public OnnxRoute(DistillGraph graph, string folder, int threads)
    {
        string path = Path.Combine(folder, graph.Spec.Name + ".onnx");
        // The threshold does not change the computation; any value serves for timing.
        OnnxExporter.Export(graph, AnomalyThreshold.FromQuantile([0f, 1f], 0.99), path);
        detector = OnnxAnomalyDetector.Load(path, intraOpThreads: threads);
    }

    /// <summary>One call: a batch of <paramref name="batch"/> random images of <paramref name="size"/>² pixels.</summary>
    public Action Call(int batch, int size)
    {
        var random = new Random(batch);
        RgbPixels[] images = Enumerable.Range(0, batch).Select(_ =>
        {
            var pixels = new byte[size * size * 3];
            random.NextBytes(pixels);
            return new RgbPixels(size, size, pixels);
        }).ToArray();
        return () => detector.ScoreBatch(images);
    }

    public void Dispose() => detector.Dispose();
}

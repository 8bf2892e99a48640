using System.Diagnostics;
using System.Globalization;
using DistillDsl.Configs;
using DistillDsl.Deploy;
using DistillDsl.Export;
using DistillDsl.Fusion;
using DistillDsl.Graphs;
using DistillDsl.Metrics;
using DistillDsl.Training;
using static TorchSharp.torch;

// Usage: distill-onnx-bench [--threads N] [--size S] [--runs R] [--random-teachers] [config ...]
// Per config: the graph at S×S (batch 1) exported to ONNX; both routes start from the same 8-bit RGB image of S×S pixels
// (TorchSharp: the fast path the evaluator and the detector use, FastInferenceGraph.RunBytes, and the plain graph forward,
// anomaly map and score; ONNX: the Deploy API, whose model holds the same steps plus a resize that is an identity at this
// size) and end with the score and the map on the CPU.
int threads = 1, size = 256, runs = 50;
bool randomTeachers = false;
var configs = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--size": size = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--random-teachers": randomTeachers = true; break;
        default: configs.Add(args[i]); break;
    }
}
if (configs.Count == 0) configs = ["reduced_student_code", "stpm"];

set_num_threads(threads);
Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, {threads} thread(s) for TorchSharp and ONNX Runtime; {size}×{size}, batch 1, " +
                  $"median of {runs} or more runs after 10 warm-up runs, the routes taking turns in blocks of 10");
Console.WriteLine("| config | TorchSharp fast ms | TorchSharp plain ms | ONNX Runtime ms | ONNX / TorchSharp fast |");
Console.WriteLine("|---|---|---|---|---|");

string folder = Directory.CreateTempSubdirectory("distill-onnx-bench-").FullName;
try
{
    foreach (string config in configs)
    {
        using DistillGraph graph = ConfigSource.Resolve(config).BuildGraph(size, new GraphBuildOptions { RandomTeacherWeights = randomTeachers });
        graph.eval();
        string onnxPath = Path.Combine(folder, config + ".onnx");
        OnnxExporter.Export(graph, AnomalyThreshold.FromQuantile([0f, 1f], 0.99), onnxPath);

        var random = new Random(1);
        var pixels = new byte[size * size * 3];
        random.NextBytes(pixels);

        using var fast = new FastInferenceGraph(graph);
        void RunFast()
        {
            using var scope = NewDisposeScope();
            var (map, score) = fast.RunBytes(tensor(pixels, [size, size, 3], dtype: ScalarType.Byte));
            _ = score.cpu().data<float>().ToArray();
            _ = map.cpu().data<float>().ToArray();
        }

        void RunPlain()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor rgb = tensor(pixels, [1, size, size, 3], dtype: ScalarType.Byte).permute(0, 3, 1, 2).to(float32).div_(255f);
            using GraphFeatures features = graph.forward(rgb);
            Tensor map = graph.AnomalyMap(features, size, size);
            _ = graph.Score(map).cpu().data<float>().ToArray();
            _ = map.cpu().data<float>().ToArray();
        }

        using var detector = OnnxAnomalyDetector.Load(onnxPath, intraOpThreads: threads);
        var image = new RgbPixels(size, size, pixels);
        double[] medians = InterleavedMedians(runs, RunFast, RunPlain, () => detector.Score(image));
        var (fastMs, plainMs, onnxMs) = (medians[0], medians[1], medians[2]);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {config} | {fastMs:F1} | {plainMs:F1} | {onnxMs:F1} | {onnxMs / fastMs:F2} |"));
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}
return 0;

// The routes take turns in blocks of ten calls, so a load that comes and goes on a shared machine slows all alike, while
// ONNX Runtime's worker threads, which spin for a moment after each run, cannot slow the call that follows theirs.
static double[] InterleavedMedians(int runs, params Action[] routes)
{
    const int Block = 10;
    foreach (Action route in routes) for (int i = 0; i < Block; i++) route();
    var times = routes.Select(_ => new List<double>()).ToArray();
    while (times[0].Count < runs)
    {
        for (int r = 0; r < routes.Length; r++)
        {
            for (int i = 0; i < Block; i++) times[r].Add(Time(routes[r]));
        }
    }
    return times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
}

static double Time(Action action)
{
    long start = Stopwatch.GetTimestamp();
    action();
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

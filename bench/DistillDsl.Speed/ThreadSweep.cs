using DistillDsl.Configs;
using DistillDsl.Fusion;
using DistillDsl.Graphs;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Speed;

/// <summary>The default fast path of one config at every thread count from 1 to the machine's logical cores (powers of two,
/// and the core count): whether more intra-op threads pay, and from where on they stop paying.</summary>
internal static class ThreadSweep
{
    public sealed record Point(int Threads, double Batch1, double Batch16);

    public static List<Point> Run(string config, SpeedOptions options)
    {
        int restore = get_num_threads();
        using DistillGraph graph = ConfigSource.Resolve(config).BuildGraph(options.ImageSize, new GraphBuildOptions { RandomTeacherWeights = true });
        graph.eval();
        using var fast = new FastInferenceGraph(graph);
        var points = new List<Point>();
        try
        {
            foreach (int threads in Counts(Environment.ProcessorCount))
            {
                set_num_threads(threads);
                double[] best = new double[2];
                int[] batches = [1, 16];
                for (int i = 0; i < batches.Length; i++)
                {
                    using Tensor rgb = rand([batches[i], 3, options.ImageSize, options.ImageSize], generator: new Generator(5));
                    int iterations = batches[i] == 1 ? options.Iterations : options.Batch16Iterations;
                    best[i] = Clock.Milliseconds([() => TimedCalls.Fast(fast, rgb)], iterations)[0].Best;
                }
                points.Add(new Point(threads, best[0], best[1]));
                Console.WriteLine($"  {threads} threads: batch 1 {best[0]:F1} ms, batch 16 {best[1]:F0} ms");
            }
        }
        finally
        {
            set_num_threads(restore);
        }
        return points;
    }

    private static IEnumerable<int> Counts(int cores)
    {
        for (int n = 1; n < cores; n *= 2) yield return n;
        yield return cores;
    }
}

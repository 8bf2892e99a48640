using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Speed;

/// <summary>Time of one training epoch of in-memory images, as the Python reference measures it: per batch forward, loss,
/// backward and optimiser step (the config's SGD or Adam, without its schedule). Data loading, validation and checkpoints
/// are left out on both sides. Three forward passes are timed in turns, each with its own optimiser: the graph's own
/// (<see cref="DistillGraph.forward"/>, NCHW), the trainer's without a cache (<see cref="TrainingForward"/>: fused teachers,
/// channels-last) and the trainer's with the teachers' taps cached (computed once before the timing, as the training cache
/// does before the first epoch), after one untimed warm-up epoch of each.</summary>
internal static class TrainingEpoch
{
    public static (double PlainSeconds, double TrainerSeconds, double CachedSeconds) Seconds(DistillGraph graph, int images, int batch, int rounds)
    {
        int steps = images / batch;
        int size = graph.Spec.Input.Height;
        using Tensor data = rand([steps, batch, 3, size, size], generator: new Generator(9));
        using optim.Optimizer plainOptimizer = Optimizer(graph);
        using optim.Optimizer trainerOptimizer = Optimizer(graph);
        using optim.Optimizer cachedOptimizer = Optimizer(graph);
        using var trainerForward = new TrainingForward(graph);
        var cached = new List<List<List<Tensor>>>();
        for (int i = 0; i < steps; i++)
        {
            using Tensor step = data[i];
            cached.Add(trainerForward.TeacherTaps(step));
        }
        graph.train();
        void Epoch(optim.Optimizer optimizer, Func<int, GraphFeatures> forward)
        {
            for (int i = 0; i < steps; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                using GraphFeatures features = forward(i);
                Tensor loss = graph.Loss(features);
                loss.backward();
                optimizer.step();
                loss.item<float>();
            }
        }
        var times = Clock.Milliseconds([
            () => Epoch(plainOptimizer, i => graph.forward(data[i])),
            () => Epoch(trainerOptimizer, i => trainerForward.Features(data[i])),
            () => Epoch(cachedOptimizer, i => trainerForward.Features(data[i], cached[i].Select(t => (IReadOnlyList<Tensor>)t).ToList())),
        ], rounds, warmup: 1);
        graph.eval();
        foreach (Tensor t in cached.SelectMany(s => s).SelectMany(b => b)) t.Dispose();
        return (times[0].Best / 1000, times[1].Best / 1000, times[2].Best / 1000);
    }

    private static optim.Optimizer Optimizer(DistillGraph graph)
    {
        OptimizerSpec spec = graph.Spec.Training.Optimizer;
        return spec.Kind == OptimizerKind.Sgd
            ? optim.SGD(graph.StudentParameters(), spec.LearningRate, momentum: spec.Momentum, weight_decay: spec.WeightDecay)
            : optim.Adam(graph.StudentParameters(), spec.LearningRate, beta1: spec.Beta1, beta2: spec.Beta2, weight_decay: spec.WeightDecay);
    }
}

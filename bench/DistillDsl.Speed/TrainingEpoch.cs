using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Speed;

/// <summary>Time of one training epoch of in-memory images, as the Python reference measures it: per batch forward, loss,
/// backward and optimiser step (the config's SGD or Adam, without its schedule). Data loading, validation and checkpoints
/// are left out on both sides. Two forward passes are timed in turns, each with its own optimiser: the graph's own
/// (<see cref="DistillGraph.forward"/>, NCHW) and the trainer's (<see cref="TrainingForward"/>: fused teachers,
/// channels-last), after one untimed warm-up epoch of each.</summary>
internal static class TrainingEpoch
{
    public static (double PlainSeconds, double TrainerSeconds) Seconds(DistillGraph graph, int images, int batch, int rounds)
    {
        int steps = images / batch;
        int size = graph.Spec.Input.Height;
        using Tensor data = rand([steps, batch, 3, size, size], generator: new Generator(9));
        using optim.Optimizer plainOptimizer = Optimizer(graph);
        using optim.Optimizer trainerOptimizer = Optimizer(graph);
        using var trainerForward = new TrainingForward(graph);
        graph.train();
        void Epoch(optim.Optimizer optimizer, Func<Tensor, GraphFeatures> forward)
        {
            for (int i = 0; i < steps; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                using GraphFeatures features = forward(data[i]);
                Tensor loss = graph.Loss(features);
                loss.backward();
                optimizer.step();
                loss.item<float>();
            }
        }
        var times = Clock.Milliseconds([() => Epoch(plainOptimizer, graph.forward), () => Epoch(trainerOptimizer, trainerForward.Features)], rounds, warmup: 1);
        graph.eval();
        return (times[0].Best / 1000, times[1].Best / 1000);
    }

    private static optim.Optimizer Optimizer(DistillGraph graph)
    {
        OptimizerSpec spec = graph.Spec.Training.Optimizer;
        return spec.Kind == OptimizerKind.Sgd
            ? optim.SGD(graph.StudentParameters(), spec.LearningRate, momentum: spec.Momentum, weight_decay: spec.WeightDecay)
            : optim.Adam(graph.StudentParameters(), spec.LearningRate, beta1: spec.Beta1, beta2: spec.Beta2, weight_decay: spec.WeightDecay);
    }
}

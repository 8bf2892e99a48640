using System.Diagnostics;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using static TorchSharp.torch;

namespace DistillDsl.Speed;

/// <summary>Time of one training epoch of in-memory images, as the Python reference measures it: per batch forward, loss,
/// backward and optimiser step (the config's SGD or Adam, without its schedule), after one untimed warm-up step. Data
/// loading, validation and checkpoints are left out on both sides.</summary>
internal static class TrainingEpoch
{
    public static double Seconds(DistillGraph graph, int images, int batch)
    {
        OptimizerSpec spec = graph.Spec.Training.Optimizer;
        using optim.Optimizer optimizer = spec.Kind == OptimizerKind.Sgd
            ? optim.SGD(graph.StudentParameters(), spec.LearningRate, momentum: spec.Momentum, weight_decay: spec.WeightDecay)
            : optim.Adam(graph.StudentParameters(), spec.LearningRate, beta1: spec.Beta1, beta2: spec.Beta2, weight_decay: spec.WeightDecay);
        int steps = images / batch;
        int size = graph.Spec.Input.Height;
        using Tensor data = rand([steps + 1, batch, 3, size, size], generator: new Generator(9));
        graph.train();
        void Step(Tensor x)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            using GraphFeatures features = graph.forward(x);
            Tensor loss = graph.Loss(features);
            loss.backward();
            optimizer.step();
            loss.item<float>();
        }
        Step(data[steps]);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) Step(data[i]);
        double seconds = clock.Elapsed.TotalSeconds;
        graph.eval();
        return seconds;
    }
}

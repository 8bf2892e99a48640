using System.Diagnostics;
using DistillDsl.Backbones;
using DistillDsl.Scoring;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Training;

/// <summary>Trains a student to imitate a frozen teacher on normal images: only the student's parameters reach the optimiser,
/// the teacher stays in eval mode under no_grad, and every batch runs in its own dispose scope.</summary>
public sealed class StudentTrainer(ITappedBackbone teacher, nn.Module<Tensor, Dictionary<string, Tensor>> student, IReadOnlyList<string> taps)
{
    /// <summary>Runs <paramref name="epochs"/> epochs of SGD over the batches <paramref name="trainBatches"/> yields for each epoch
    /// (normalised images, already on the device). Returns the mean loss of each epoch.</summary>
    public IReadOnlyList<double> Train(Func<int, IEnumerable<Tensor>> trainBatches, int epochs, int batchesPerEpoch, double learningRate,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        nn.Module teacherModule = teacher.AsModule();
        teacherModule.eval();
        foreach (var parameter in teacherModule.parameters()) parameter.requires_grad = false;
        student.train();
        // SGD with momentum and weight decay as STPM; the rate is the caller's (the paper uses 0.4 with batch 16).
        using var optimizer = optim.SGD(student.parameters(), learningRate, momentum: 0.9, weight_decay: 1e-4);

        var epochLosses = new List<double>();
        var clock = Stopwatch.StartNew();
        long images = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            double lossSum = 0;
            int batch = 0;
            foreach (Tensor input in trainBatches(epoch))
            {
                cancellation.ThrowIfCancellationRequested();
                using (var scope = NewDisposeScope())
                {
                    IReadOnlyDictionary<string, Tensor> target;
                    using (no_grad())
                    {
                        target = teacher.ForwardTaps(input, taps);
                    }
                    Dictionary<string, Tensor> predicted = student.forward(input);
                    Tensor loss = zeros(1, device: input.device);
                    foreach (string tap in taps) loss = loss + FeatureDistance.Loss(target[tap], predicted[tap]);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    double value = loss.item<float>();
                    if (!double.IsFinite(value)) throw new InvalidOperationException($"The training loss became {value} at epoch {epoch}, batch {batch + 1}; lower the learning rate.");
                    lossSum += value;
                    images += input.shape[0];
                }
                batch++;
                double perSecond = images / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                double done = (epoch - 1) + (double)batch / Math.Max(batchesPerEpoch, batch);
                var remaining = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / done * (epochs - done));
                progress?.Report(new TrainingProgress(epoch, epochs, batch, Math.Max(batchesPerEpoch, batch), lossSum / batch, perSecond, clock.Elapsed, remaining));
            }
            epochLosses.Add(batch == 0 ? double.NaN : lossSum / batch);
        }
        student.eval();
        return epochLosses;
    }
}

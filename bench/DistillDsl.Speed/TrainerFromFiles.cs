using System.Globalization;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Training;

namespace DistillDsl.Speed;

/// <summary>Epochs of the real trainer on image files, with the training cache off and on: what a user's run gains,
/// decoding and resizing included (the in-memory epoch table leaves data loading out). Three epochs each, same seed; the
/// first epoch of the cached run follows the cache build, so the mean of epochs 2–3 is compared.</summary>
internal static class TrainerFromFiles
{
    public sealed record Result(int Images, double UncachedEpoch, double CachedEpoch, double CacheBuild)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Images} images: uncached {UncachedEpoch:F2} s/epoch, cached {CachedEpoch:F2} s/epoch ({CachedEpoch / UncachedEpoch:F2}), cache built in {CacheBuild:F1} s");
    }

    public static Result Measure(string config, string folder, SpeedOptions options)
    {
        DatasetIndex dataset = DatasetLayouts.Open(folder);
        var samples = dataset.Train.Take(options.TrainerImages).ToList();
        (double Epoch, double Build) Run(bool cache)
        {
            string output = Path.Combine(options.WorkDirectory, "trainer", $"{config}-{(cache ? "cached" : "uncached")}");
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            using DistillGraph graph = DistillGraphFactory.Build(config, options.ImageSize);
            var trainingOptions = new TrainingOptions
            {
                OutputDirectory = output, Epochs = 3, BatchSize = options.TrainBatch, Cache = cache, Threads = options.Threads, EarlyStop = false,
            };
            TrainingResult result = new DistillTrainer(graph, trainingOptions).Train(samples);
            double epochs = result.History.Skip(1).Average(e => e.Duration.TotalSeconds);
            // Session time not spent in epochs: checkpoints, the threshold's scoring and (when on) building the cache.
            double outside = result.Duration.TotalSeconds - result.History.Sum(e => e.Duration.TotalSeconds);
            return (epochs, outside);
        }
        var uncached = Run(cache: false);
        var cached = Run(cache: true);
        return new Result(samples.Count, uncached.Epoch, cached.Epoch, cached.Build - uncached.Build);
    }
}

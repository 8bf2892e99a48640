using System.Globalization;
using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Training;

namespace DistillDsl.Speed;

/// <summary>Epochs of the real trainer on image files, with the training cache off and on: what a user's run gains,
/// decoding and resizing included (the in-memory epoch table leaves data loading out). Three epochs per run, same seed, two runs of each in the order uncached, cached, cached, uncached; the
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
            using DistillGraph graph = ConfigSource.Resolve(config).BuildGraph(options.ImageSize);
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
        // Taken as uncached, cached, cached, uncached: a drift of the machine's speed over the four runs (other load, the
        // allocator's state) then weighs on both variants alike.
        var first = Run(cache: false);
        var second = Run(cache: true);
        var third = Run(cache: true);
        var fourth = Run(cache: false);
        double uncachedEpoch = (first.Epoch + fourth.Epoch) / 2, cachedEpoch = (second.Epoch + third.Epoch) / 2;
        double build = (second.Build + third.Build - first.Build - fourth.Build) / 2;
        return new Result(samples.Count, uncachedEpoch, cachedEpoch, build);
    }
}

using DistillDsl.Checkpoints;
using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Training;

namespace DistillDsl.Tests.Training;

/// <summary>Settings and folders a run refuses, each with a message that says what to do.</summary>
public class TrainingGuardTests
{
    [Fact]
    public void A_folder_with_a_checkpoint_is_not_overwritten_without_resume()
    {
        using var run = new TinyTraining();
        var (graph, images, options) = Trained(run, epochs: 1);
        using (graph)
        {
            var error = Assert.Throws<TrainingRefusedException>(() => new DistillTrainer(graph, options).Train(images));
            Assert.Contains(Path.Combine(options.OutputDirectory, "last.ckpt"), error.Message);
            Assert.Contains("TrainingOptions.Resume", error.Message);
        }
    }

    [Fact]
    public void Resuming_needs_a_last_checkpoint_of_the_same_config_and_settings()
    {
        using var run = new TinyTraining();
        var (graph, images, options) = Trained(run, epochs: 1);
        using (graph)
        {
            var nothing = Assert.Throws<TrainingRefusedException>(() =>
                new DistillTrainer(graph, options with { OutputDirectory = run.Output("empty"), Resume = true }).Train(images));
            Assert.Contains("Nothing to resume", nothing.Message);

            var settings = Assert.Throws<CheckpointException>(() =>
                new DistillTrainer(graph, options with { Resume = true, LearningRate = 0.1, Seed = 4 }).Train(images));
            Assert.Contains("learning rate 0.05 (now 0.1), seed 0 (now 4)", settings.Message);

            using DistillGraph other = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 1), name: "other"), "other.yaml"));
            var config = Assert.Throws<CheckpointException>(() => new DistillTrainer(other, options with { Resume = true }).Train(images));
            Assert.Contains("it is a run of config 'tiny'", config.Message);
            Assert.Contains("the graph is of config 'other'", config.Message);
        }
    }

    [Fact]
    public void Resuming_a_finished_run_only_restates_its_result()
    {
        using var run = new TinyTraining();
        var (graph, images, options) = Trained(run, epochs: 1);
        using (graph)
        {
            TrainingResult again = new DistillTrainer(graph, options with { Resume = true }).Train(images);

            Assert.Equal((TrainingStop.Completed, 1, 1), (again.Stop, again.EpochsRun, again.BestEpoch));
            Assert.Single(again.History);
            Assert.NotNull(again.Threshold);
        }
    }

    [Fact]
    public void Settings_that_do_not_fit_the_graph_or_the_samples_are_refused()
    {
        using var run = new TinyTraining();
        IReadOnlyList<DatasetSample> images = run.Images();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 1))));
        var options = new TrainingOptions { OutputDirectory = run.Output() };

        Assert.Contains("OutputDirectory is required", Refused(options with { OutputDirectory = "" }, images));
        Assert.Contains("ConfigSource.Resolve(config).BuildGraph(imageSize: 64)", Refused(options with { ImageSize = 64 }, images));
        Assert.Contains("has no training.early_stop", Refused(options with { EarlyStop = true }, images));
        Assert.Contains("normal images only; 1 of the samples are anomalous", Refused(options, [.. images, images[0] with { IsAnomalous = true }]));
        Assert.Contains("2 samples × validation_split 0.2 leave no validation image", Refused(options, images.Take(2).ToList()));

        string Refused(TrainingOptions o, IReadOnlyList<DatasetSample> samples) =>
            Assert.Throws<TrainingRefusedException>(() => new DistillTrainer(graph, o).Train(samples)).Message;
    }

    /// <summary>A finished SGD run of <paramref name="epochs"/> epochs; the graph is the caller's to dispose.</summary>
    [Fact]
    public void Temporaries_left_by_a_killed_checkpoint_write_are_cleaned_when_a_run_starts()
    {
        using var run = new TinyTraining();
        IReadOnlyList<DatasetSample> images = run.Images();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 1))));
        var options = new TrainingOptions { OutputDirectory = run.Output() };
        Directory.CreateDirectory(options.OutputDirectory);
        // What a kill during the first write of last.ckpt leaves (the name AtomicFile gives its temporaries).
        string orphan = Path.Combine(options.OutputDirectory, "last.ckpt.5f3a9c01.tmp");
        File.WriteAllBytes(orphan, [1, 2, 3]);

        TrainingResult result = new DistillTrainer(graph, options).Train(images);

        Assert.Equal(TrainingStop.Completed, result.Stop);
        Assert.False(File.Exists(orphan));
        Assert.Empty(Directory.GetFiles(options.OutputDirectory, "*.tmp"));
        Assert.True(DistillCheckpoint.Read(result.LastCheckpointPath).IsResumable);
    }

    private static (DistillGraph Graph, IReadOnlyList<DatasetSample> Images, TrainingOptions Options) Trained(TinyTraining run, int epochs)
    {
        IReadOnlyList<DatasetSample> images = run.Images();
        DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: epochs))));
        var options = new TrainingOptions { OutputDirectory = run.Output() };
        new DistillTrainer(graph, options).Train(images);
        return (graph, images, options);
    }
}

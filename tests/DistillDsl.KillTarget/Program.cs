using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.IO;
using DistillDsl.Reports;
using DistillDsl.Training;

// One session of a run, as Invoke-DistillTraining does it: train (resuming last.ckpt when there is one), then evaluate the
// best students on the test split into <output>/report. With --pause <point>:<k> it stops at the k-th occurrence of the
// point and waits, after printing "PAUSED ...", for the test to kill it (SIGKILL), so the kill lands at a known point and
// not at a time:
//   batch:k   the k-th training batch of the session (in the progress report, between two optimiser steps)
//   write:k   the middle of the k-th file write in the run folder (checkpoints, history.csv, run.json, loss.png)
//   report:k  the middle of the k-th file write of the evaluation (heat maps, scores.csv, report.json, summary.md, plots)
//   cache:k   the middle of the k-th file write of the training cache (its manifests; with --cache-bytes 0)
// Without --pause it runs to the end and lists every point it passed ("POINT write 3 <path>").
// Arguments: <config.yaml> <dataset root> <category> <output> [--pause point:k] [--cache-bytes n]
string config = args[0], root = args[1], category = args[2], output = Path.GetFullPath(args[3]);
string? pause = Option("--pause");
long cacheBytes = Option("--cache-bytes") is string bytes ? long.Parse(bytes) : 4L << 30;
string pausePoint = pause?.Split(':')[0] ?? "";
int pauseAt = pause is null ? 0 : int.Parse(pause.Split(':')[1]);
int batches = 0, writes = 0, reportWrites = 0, cacheWrites = 0;
string report = Path.Combine(output, "report");
string cache = TrainingImages.CacheFolder(output);

void Reached(string point, int count, string what)
{
    // Without a pause, every point is listed, so the test can choose among the ones a run really has.
    if (pause is null) Console.WriteLine($"POINT {point} {count} {what}");
    if (point != pausePoint || count != pauseAt) return;
    Console.WriteLine($"PAUSED {point} {count} {what}");
    Console.Out.Flush();
    Thread.Sleep(Timeout.Infinite);
}

AtomicFile.DuringWrite = path =>
{
    if (path.StartsWith(report + Path.DirectorySeparatorChar, StringComparison.Ordinal)) Reached("report", ++reportWrites, path);
    else if (path.StartsWith(cache + Path.DirectorySeparatorChar, StringComparison.Ordinal)) Reached("cache", ++cacheWrites, path);
    else if (Path.GetDirectoryName(path) == output) Reached("write", ++writes, path);
};

DatasetIndex dataset = DatasetLayouts.Open(root, category);
bool resume = File.Exists(Path.Combine(output, DistillTrainer.LastCheckpointName));
// As Invoke-DistillTraining -Resume does when a kill came during the first write of last.ckpt: nothing to resume, start over.
Directory.CreateDirectory(output);
if (!resume) File.Delete(Path.Combine(output, DistillTrainer.BestCheckpointName));

using DistillGraph graph = ConfigSource.Resolve(config).BuildGraph(imageSize: null, new GraphBuildOptions { Seed = 0 });
var options = new TrainingOptions { OutputDirectory = output, Seed = 3, Threads = 1, Resume = resume, CacheMemoryBytes = cacheBytes, DatasetName = category };
var progress = new Inline(p =>
{
    if (p.Phase == TrainingPhase.Training) Reached("batch", ++batches, $"epoch {p.Epoch} batch {p.Batch}");
});
TrainingResult trained = new DistillTrainer(graph, options).Train(dataset.Train, progress);

new GraphEvaluator(graph, new EvaluationOptions { OutputDirectory = report, BatchSize = 4 })
    .Evaluate(dataset.Test, new RunInfo { Threshold = trained.Threshold, Seed = 3 });
Console.WriteLine($"DONE {trained.Stop} {trained.EpochsRun}");
return 0;

string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>Progress reported on the training thread (Progress&lt;T&gt; would post it to the thread pool).</summary>
internal sealed class Inline(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}

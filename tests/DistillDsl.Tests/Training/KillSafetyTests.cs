using System.Diagnostics;
using System.Text;
using DistillDsl.Checkpoints;
using DistillDsl.Data.Synthetic;
using DistillDsl.IO;
using DistillDsl.Reports;
using DistillDsl.Tests.Data;
using DistillDsl.Training;

namespace DistillDsl.Tests.Training;

/// <summary>A run killed with SIGKILL — in a training batch, in the middle of a checkpoint or log write, in the middle of
/// the evaluation's writes — leaves every file either as it was or complete, and the same command then finishes the run
/// exactly as an uninterrupted one does. The run is a child process (tests/DistillDsl.KillTarget) that stops at the chosen
/// point and waits there to be killed, so where the kill lands is observed, not timed. The points are seeded pseudo-random
/// choices among those an uninterrupted run reports.</summary>
[Collection(SerialTrainingCollection.Name)]
public class KillSafetyTests(Xunit.Abstractions.ITestOutputHelper testOutput)
{
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void A_run_killed_anywhere_keeps_complete_files_and_resume_ends_like_the_uninterrupted_run()
    {
        using var temp = new TempFolder();
        string data = Path.Combine(temp.Path, "data");
        SyntheticTextureGenerator.WriteMvtecLayout(data, new SyntheticDatasetOptions
        {
            Families = [TextureFamily.Tile], Defects = [DefectKind.Hole], ImageSize = 64, TrainCount = 12, TestGoodCount = 2, TestCountPerDefect = 2, Seed = 5,
        });
        string config = Path.Combine(temp.Path, "tiny.yaml");
        File.WriteAllText(config, TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 3), side: 64));

        string reference = Path.Combine(temp.Path, "uninterrupted");
        List<string> points = Run(config, data, reference, pause: null).Where(l => l.StartsWith("POINT ", StringComparison.Ordinal)).ToList();
        IReadOnlyList<EpochRecord> history = LastHistory(reference);
        Assert.Equal(3, history.Count);

        // The kill points: a training batch, a checkpoint write, another write of the run folder (history.csv, run.json,
        // loss.png), a write of the evaluation; and a run killed twice (a batch, then a checkpoint write of the resumed session).
        var random = new Random(20261202);
        string Choose(string point, Func<string, bool> target)
        {
            var candidates = points.Select(p => p.Split(' ', 4)).Where(p => p[1] == point && target(p[3])).Select(p => $"{p[1]}:{p[2]}").ToList();
            Assert.NotEmpty(candidates);
            return candidates[random.Next(candidates.Count)];
        }
        var scenarios = new List<string[]>
        {
            new[] { Choose("batch", _ => true) },
            new[] { Choose("write", p => p.EndsWith(".ckpt", StringComparison.Ordinal)) },
            new[] { Choose("write", p => !p.EndsWith(".ckpt", StringComparison.Ordinal)) },
            new[] { Choose("report", _ => true) },
            new[] { Choose("batch", _ => true), "write:" + (2 + random.Next(2)) },
        };
        // With the cache in files: killed while its manifest is written (the files are there, the manifest is not), then
        // in a batch of the resumed session, which must rebuild the cache and still end the same.
        const int FileCacheScenario = 5;
        scenarios.Add(["cache:1", Choose("batch", _ => true)]);

        var log = new StringBuilder();
        for (int s = 0; s < scenarios.Count; s++)
        {
            string output = Path.Combine(temp.Path, $"killed-{s}");
            var leftovers = new List<string>();
            string[] extra = s == FileCacheScenario ? ["--cache-bytes", "0"] : [];
            foreach (string pause in scenarios[s])
            {
                string paused = Run(config, data, output, pause, extra).Single(l => l.StartsWith("PAUSED ", StringComparison.Ordinal));
                log.AppendLine($"scenario {s}: killed at {paused}");
                int before = leftovers.Count;
                AssertEveryFileIsComplete(output, history, leftovers);
                // Killed in the middle of a write: its temporary is there, and the file it was for is still the old one.
                if (!pause.StartsWith("batch", StringComparison.Ordinal)) Assert.True(leftovers.Count > before, $"no temporary after {paused}");
            }
            List<string> finished = Run(config, data, output, pause: null, extra);
            Assert.Contains("DONE Completed 3", finished);

            string because = $"after the kills of scenario {s} ({string.Join(", ", scenarios[s])}):\n{log}";
            Assert.True(Losses(history).SequenceEqual(Losses(LastHistory(output))), $"the resumed history differs {because}");
            Assert.True(Losses(history).SequenceEqual(Losses(RunHistory.Read(Path.Combine(output, RunHistory.FileName)))), $"history.csv differs {because}");
            DistillCheckpoint expected = DistillCheckpoint.Read(Path.Combine(reference, DistillTrainer.BestCheckpointName));
            DistillCheckpoint actual = DistillCheckpoint.Read(Path.Combine(output, DistillTrainer.BestCheckpointName));
            Assert.Equal(expected.Threshold, actual.Threshold);
            Assert.Equal((expected.Epoch, expected.ValidationLoss), (actual.Epoch, actual.ValidationLoss));
            Assert.True(expected.Section("students/resnet").AsSpan().SequenceEqual(actual.Section("students/resnet")), $"the best students differ {because}");
            Assert.Equal(File.ReadAllText(Path.Combine(reference, "report", "scores.csv")), File.ReadAllText(Path.Combine(output, "report", "scores.csv")));
            Assert.Equal(nameof(TrainingStop.Completed), RunStatus.Read(output)!.State);
            // The run cleaned up what the kills left.
            Assert.DoesNotContain(Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories), AtomicFile.IsTemporary);
            Assert.False(Directory.Exists(TrainingImages.CacheFolder(output)));
        }
        testOutput.WriteLine(log.ToString());
    }

    /// <summary>Every file of the run folder is a complete one (or a temporary of an unfinished write, which nothing reads):
    /// checkpoints load, JSON parses, history.csv is a prefix of the uninterrupted history and agrees with last.ckpt,
    /// pictures end with their last chunk, text files end with a line.</summary>
    private static void AssertEveryFileIsComplete(string output, IReadOnlyList<EpochRecord> history, List<string> temporaries)
    {
        foreach (string file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);
            if (AtomicFile.IsTemporary(file))
            {
                temporaries.Add(file);
                continue;
            }
            switch (Path.GetExtension(name))
            {
                case ".bin" when InCache(output, file):
                    break;   // a file cache is checked against its manifest's SHA-256 sums by the run that uses it
                case ".json" when InCache(output, file):
                    System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).Dispose();
                    break;
                case ".ckpt":
                    DistillCheckpoint checkpoint = DistillCheckpoint.Read(file);   // throws on a partial or damaged file
                    if (checkpoint.IsResumable)
                    {
                        IReadOnlyList<EpochRecord> stored = checkpoint.ReadTrainingState<TrainingState>().History;
                        Assert.Equal(Losses(history).Take(stored.Count), Losses(stored));
                    }
                    break;
                case ".json" when name == RunStatus.FileName && Path.GetDirectoryName(file) == output:
                    Assert.NotNull(RunStatus.Read(output));
                    break;
                case ".json":
                    ReportJson.Read(file);
                    break;
                case ".csv" when name == RunHistory.FileName:
                    IReadOnlyList<EpochRecord> rows = RunHistory.Read(file);
                    Assert.Equal(Losses(history).Take(rows.Count), Losses(rows));
                    // Written after last.ckpt: the same epochs, or one fewer after a kill between the two.
                    string last = Path.Combine(output, DistillTrainer.LastCheckpointName);
                    int epochs = File.Exists(last) ? DistillCheckpoint.Read(last).Epoch : 0;
                    Assert.InRange(rows.Count, Math.Max(epochs - 1, 0), epochs);
                    break;
                case ".csv":
                case ".md":
                    string text = File.ReadAllText(file);
                    Assert.True(text.EndsWith('\n'), $"{file} does not end with a line");
                    break;
                case ".png":
                    byte[] png = File.ReadAllBytes(file);
                    Assert.True(png.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }) && png.AsSpan().EndsWith(new byte[] { 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82 }),
                                $"{file} is not a complete PNG");
                    break;
                default:
                    Assert.Fail($"unexpected file {file}");
                    break;
            }
        }
    }

    /// <summary>Runs the child to its end, or (with a pause) until it says it is paused, and then kills it with SIGKILL.</summary>
    private static List<string> Run(string config, string data, string output, string? pause, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "DistillDsl.KillTarget.dll"), config, data, "tile", output })
        {
            start.ArgumentList.Add(argument);
        }
        if (pause is not null)
        {
            start.ArgumentList.Add("--pause");
            start.ArgumentList.Add(pause);
        }
        foreach (string argument in extra) start.ArgumentList.Add(argument);
        var lines = new List<string>();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                Task<string?> next = process.StandardOutput.ReadLineAsync();
                if (!next.Wait(ChildTimeout - clock.Elapsed)) Assert.Fail($"the child did not finish or pause ({pause}):\n{string.Join("\n", lines)}\n{errors}");
                if (next.Result is not string line) break;
                lines.Add(line);
                if (line.StartsWith("PAUSED ", StringComparison.Ordinal))
                {
                    process.Kill();   // SIGKILL on Linux: no handler, no finally, no flush runs in the child
                    process.WaitForExit();
                    return lines;
                }
            }
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"the child failed ({process.ExitCode}):\n{string.Join("\n", lines)}\n{errors}");
            Assert.True(pause is null, $"the child never reached {pause}");
            return lines;
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static bool InCache(string output, string file) =>
        file.StartsWith(TrainingImages.CacheFolder(output) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static IReadOnlyList<EpochRecord> LastHistory(string output) =>
        DistillCheckpoint.Read(Path.Combine(output, DistillTrainer.LastCheckpointName)).ReadTrainingState<TrainingState>().History;

    private static List<(double, double, double)> Losses(IEnumerable<EpochRecord> history) =>
        history.Select(e => (e.TrainLoss, e.ValidationLoss, e.LearningRate)).ToList();
}

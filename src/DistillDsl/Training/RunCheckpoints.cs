using DistillDsl.Checkpoints;
using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.Metrics;
using DistillDsl.Scoring;
using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Training;

/// <summary>A run's two checkpoints: <c>best.ckpt</c> (the best students; at the end also the threshold and the map
/// normalisation) and <c>last.ckpt</c> (everything a resumed session needs), and the resume from last.ckpt.</summary>
internal sealed class RunCheckpoints(DistillGraph graph, TrainingPlan plan, TrainingOptions options, ConfigSource config)
{
    public string BestPath { get; } = Path.Combine(options.OutputDirectory, DistillTrainer.BestCheckpointName);

    public string LastPath { get; } = Path.Combine(options.OutputDirectory, DistillTrainer.LastCheckpointName);

    /// <summary>A fresh run does not write over another run's checkpoints.</summary>
    public void RefuseExisting()
    {
        foreach (string path in new[] { LastPath, BestPath })
        {
            if (File.Exists(path))
            {
                throw new TrainingRefusedException(
                    $"{path} already exists. Set TrainingOptions.Resume to continue that run, or train into another OutputDirectory.");
            }
        }
    }

    /// <summary>Reads last.ckpt, checks that it is a run of this config with these settings, and restores the students,
    /// each group's optimiser and selection, the best students so far and torch's generator.</summary>
    /// <returns>The stored state (epochs done, optimiser steps, history).</returns>
    public TrainingState Resume(IReadOnlyList<StudentGroup> groups, ModelSelection selection)
    {
        if (!File.Exists(LastPath)) throw new TrainingRefusedException($"Nothing to resume: {LastPath} does not exist.");
        DistillCheckpoint last = DistillCheckpoint.Read(LastPath);
        if (last.ConfigSha256 != config.Sha256)
        {
            throw new CheckpointException(LastPath,
                $"it is a run of config '{last.ConfigName}' (SHA-256 {last.ConfigSha256[..12]}…), but the graph is of config '{config.Name}' (SHA-256 {config.Sha256[..12]}…).");
        }
        TrainingState state = last.ReadTrainingState<TrainingState>();
        var differences = plan.Fingerprint().Where(s => !state.Settings.Contains(new TrainingSetting(s.Name, s.Value)))
            .Select(s => $"{s.Name} {state.Settings.FirstOrDefault(t => t.Name == s.Name)?.Value ?? "?"} (now {s.Value})").ToList();
        if (differences.Count > 0)
        {
            throw new CheckpointException(LastPath, $"its run used other settings: {string.Join(", ", differences)}. Resume with the stored settings.");
        }
        if (!state.Groups.Select(g => g.Name).SequenceEqual(groups.Select(g => g.Name)))
        {
            throw new CheckpointException(LastPath, "the file is damaged: its student groups are not the config's.");
        }

        last.LoadStudentsInto(graph);
        foreach (StudentGroup group in groups)
        {
            group.Optimizer.Restore(last.Section(DistillCheckpoint.OptimizerSectionPrefix + group.Name), state.Steps);
        }
        using (Tensor rng = tensor(last.Section(DistillCheckpoint.RngSection), dtype: ScalarType.Byte)) set_rng_state(rng);
        selection.Restore(state.Groups, teacher =>
        {
            string section = DistillCheckpoint.BestStudentSectionPrefix + teacher;
            return last.HasSection(section) ? last.Section(section) : null;
        });
        return state;
    }

    /// <param name="threshold">Measured at the end of the run only, as is <paramref name="normalization"/>.</param>
    public void WriteBest(BestStudents best, double validationLoss, AnomalyThreshold? threshold = null, MapNormalization? normalization = null)
    {
        var students = graph.Branches.Select(b => new StudentEntry(b.Name, best.Epoch(b.Name))).ToList();
        var sections = graph.Branches.Select(b => (DistillCheckpoint.StudentSectionPrefix + b.Name, best.Weights(b.Name)));
        DistillCheckpoint.Write(BestPath, Manifest(best.LatestEpoch, validationLoss, students, threshold, resumable: false, normalization), config.Text, sections);
    }

    /// <summary>The graph's students as they are after <paramref name="completedEpochs"/>, and the whole training state.</summary>
    public void WriteLast(int completedEpochs, int steps, IReadOnlyList<EpochRecord> history, IReadOnlyList<StudentGroup> groups, ModelSelection selection,
                          double validationLoss)
    {
        var students = graph.Branches.Select(b => new StudentEntry(b.Name, completedEpochs)).ToList();
        var sections = new List<(string, byte[])>();
        foreach (DistillBranch branch in graph.Branches) sections.Add((DistillCheckpoint.StudentSectionPrefix + branch.Name, ModuleBytes.Save(branch.Student)));
        var state = new TrainingState(plan.Fingerprint().Select(s => new TrainingSetting(s.Name, s.Value)).ToList(), completedEpochs, steps, history.ToList(),
                                      selection.Groups.ToList());
        sections.Add((DistillCheckpoint.TrainingSection, CheckpointJson.Serialize(state)));
        foreach (StudentGroup group in groups) sections.Add((DistillCheckpoint.OptimizerSectionPrefix + group.Name, group.Optimizer.SaveState()));
        using (Tensor rng = get_rng_state()) sections.Add((DistillCheckpoint.RngSection, rng.data<byte>().ToArray()));
        if (selection.Best.IsComplete(graph))
        {
            foreach (DistillBranch branch in graph.Branches) sections.Add((DistillCheckpoint.BestStudentSectionPrefix + branch.Name, selection.Best.Weights(branch.Name)));
        }
        DistillCheckpoint.Write(LastPath, Manifest(completedEpochs, validationLoss, students, threshold: null, resumable: true), config.Text, sections);
    }

    private CheckpointManifest Manifest(int epoch, double validationLoss, IReadOnlyList<StudentEntry> students, AnomalyThreshold? threshold, bool resumable,
                                        MapNormalization? normalization = null) =>
        new(config.Name, config.Sha256, config.FilePath, epoch, validationLoss, plan.Seed, plan.ImageSize, graph.Options.Seed,
            graph.Options.RandomTeacherWeights, graph.Options.BaseDirectory, students,
            threshold is null ? null : ThresholdEntry.From(threshold), resumable,
            normalization is null ? null : MapNormalizationEntry.From(normalization));
}

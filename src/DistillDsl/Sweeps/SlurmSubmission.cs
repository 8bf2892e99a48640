using DistillDsl.IO;
namespace DistillDsl.Sweeps;

/// <summary>One sbatch of a sweep: the array job and the cells it runs. slurm/submissions.json keeps them all, so each
/// cell's latest task (job id _ cell index) can be looked up in the queue.</summary>
public sealed record SlurmSubmission(string JobId, IReadOnlyList<int> Indices, string ScriptPath, DateTimeOffset Submitted)
{
    public static IReadOnlyList<SlurmSubmission> ReadAll(SweepLayout layout) =>
        File.Exists(layout.Submissions) ? SweepJson.Read<List<SlurmSubmission>>(layout.Submissions) : [];

    /// <summary>Appends one; only the submitting process writes this file, atomically.</summary>
    public static void Append(SweepLayout layout, SlurmSubmission submission)
    {
        var all = ReadAll(layout).Append(submission).ToList();
        AtomicFile.WriteAllText(layout.Submissions, SweepJson.Serialize(all));
    }

    /// <summary>The array task of each cell's latest submission, e.g. 17_3.</summary>
    public static IReadOnlyDictionary<int, string> LatestTasks(IReadOnlyList<SlurmSubmission> submissions)
    {
        var tasks = new Dictionary<int, string>();
        foreach (SlurmSubmission submission in submissions.OrderBy(s => s.Submitted))
        {
            foreach (int index in submission.Indices) tasks[index] = $"{submission.JobId}_{index}";
        }
        return tasks;
    }
}

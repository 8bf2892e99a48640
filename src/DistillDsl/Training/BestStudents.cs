using DistillDsl.Checkpoints;
using DistillDsl.Graphs;
using DistillDsl.Torch;

namespace DistillDsl.Training;

/// <summary>The best weights of each student so far (as TorchSharp module bytes), kept in memory so that best.ckpt can be
/// written when any group improves, and the graph can be given its best students at the end.</summary>
internal sealed class BestStudents
{
    private readonly Dictionary<string, (byte[] Weights, int Epoch)> students = new(StringComparer.Ordinal);

    /// <summary>Whether every student has a best version (only then can best.ckpt be written).</summary>
    public bool IsComplete(DistillGraph graph) => graph.Branches.All(b => students.ContainsKey(b.Name));

    public void Capture(DistillBranch branch, int epoch) => students[branch.Name] = (ModuleBytes.Save(branch.Student), epoch);

    public void Set(string teacher, byte[] weights, int epoch) => students[teacher] = (weights, epoch);

    public byte[] Weights(string teacher) => students[teacher].Weights;

    public int Epoch(string teacher) => students[teacher].Epoch;

    public int LatestEpoch => students.Count == 0 ? 0 : students.Values.Max(s => s.Epoch);

    /// <summary>Loads every student's best weights into the graph.</summary>
    public void RestoreInto(DistillGraph graph)
    {
        foreach (DistillBranch branch in graph.Branches) ModuleBytes.Load(branch.Student, students[branch.Name].Weights);
    }
}

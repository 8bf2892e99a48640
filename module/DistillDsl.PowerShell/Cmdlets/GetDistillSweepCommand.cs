using System.Management.Automation;
using DistillDsl.PowerShell.Output;
using DistillDsl.Sweeps;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Get-DistillSweep: each cell's state (NotStarted, Pending, Running, Done, Failed with its log tail) from the
/// cell folders and, for submitted sweeps, squeue (and sacct where the cluster keeps accounting). Writes nothing.</summary>
[Cmdlet(VerbsCommon.Get, "DistillSweep", DefaultParameterSetName = PathSet)]
[OutputType(typeof(DistillSweepCellStatus))]
public sealed class GetDistillSweepCommand : DistillSweepCmdlet
{
    /// <summary>Only cells in these states.</summary>
    [Parameter]
    public CellState[] State { get; set; } = [];

    protected override void ProcessRecord()
    {
        SweepManifest manifest = ReadManifest(Path);
        IReadOnlyList<CellStatus> states = ReadStates(manifest);
        WriteVerbose($"Sweep '{manifest.Description.Name}': " + string.Join(", ", states.GroupBy(s => s.State).Select(g => $"{g.Count()} {g.Key}")) + ".");
        foreach (CellStatus status in states.Where(s => State.Length == 0 || State.Contains(s.State)))
        {
            SweepCell cell = status.Cell;
            WriteObject(new DistillSweepCellStatus(cell.Index, cell.Name, cell.Config.Label, cell.Category, cell.Seed, status.State.ToString(),
                status.SlurmJob, status.Reason, status.LogPath, status.LogTail, status.Folder));
        }
    }
}

using System.Collections;
using System.Management.Automation;
using DistillDsl.PowerShell.Errors;
using DistillDsl.Sweeps;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>What the sweep cmdlets share: -Path (a sweep root), reading descriptions and manifests with their errors as
/// DistillDsl.SweepInvalid / SweepConflict records, and the cells' states from their folders and Slurm's queue.</summary>
public abstract class DistillSweepCmdlet : DistillCmdlet
{
    protected const string PathSet = "Path";

    /// <summary>A sweep root (the folder with sweep.json).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("SweepPath")]
    public string Path { get; set; } = "";

    protected SweepManifest ReadManifest(string path) => Guard(() => SweepManifest.Read(ResolveFileSystemPath(path)), path);

    /// <summary>A YAML file's path, or a hashtable of the same keys (relative paths against the current location).</summary>
    protected SweepDescription ReadDescription(object description, string? outputPath)
    {
        object value = description is PSObject wrapped ? wrapped.BaseObject : description;
        string? output = outputPath is null ? null : ResolveFileSystemPath(outputPath);
        return value switch
        {
            IDictionary table => Guard(() => SweepDescriptionReader.Read(table, ResolveFileSystemPath("."), "(hashtable)", output), description),
            string file => Guard(() => SweepDescriptionReader.ReadFile(ResolveFileSystemPath(file), output), file),
            _ => throw Fail($"-Description takes a YAML file's path or a hashtable, not a {value.GetType().Name}.", description),
        };
    }

    /// <summary>The root's manifest; a new root gets one only if ShouldProcess agrees (so -WhatIf writes nothing).</summary>
    protected SweepManifest OpenOrCreate(SweepDescription description)
    {
        bool exists = File.Exists(new SweepLayout(description.OutputPath).Manifest);
        bool create = !exists && ShouldProcess(description.OutputPath, $"Create the sweep '{description.Name}' ({description.Cells.Count} cells, sweep.json)");
        return Guard(() => SweepManifest.OpenOrCreate(description, create), description.OutputPath);
    }

    /// <summary>Every cell's state. Slurm is asked only when the sweep was submitted there; if it cannot be asked, a
    /// warning says so and the states come from the folders alone.</summary>
    protected IReadOnlyList<CellStatus> ReadStates(SweepManifest manifest)
    {
        var submissions = Guard(() => SlurmSubmission.ReadAll(manifest.Layout), manifest.Layout.Submissions);
        IReadOnlyDictionary<string, SlurmTaskState>? queue = null;
        IReadOnlyDictionary<string, SlurmTaskState> accounting = new Dictionary<string, SlurmTaskState>();
        if (submissions.Count > 0)
        {
            try
            {
                queue = SlurmClient.Queue();
                accounting = SlurmClient.Accounting(submissions.Select(s => s.JobId));
            }
            catch (SweepException e)
            {
                WriteWarning($"Slurm cannot be asked ({e.Message}); submitted cells without a result are shown from their folders only.");
            }
        }
        return Guard(() => CellStatusReader.Read(manifest, queue, accounting), manifest.Layout.Root);
    }

    /// <summary>Runs an engine call; a <see cref="SweepException"/> stops the cmdlet with its record.</summary>
    protected T Guard<T>(Func<T> action, object? target)
    {
        try
        {
            return action();
        }
        catch (SweepConflictException e)
        {
            throw Terminate(DistillErrors.Create(DistillErrorIds.SweepConflict, ErrorCategory.ResourceExists, e.Message, target, e));
        }
        catch (SweepException e)
        {
            throw Terminate(DistillErrors.Create(DistillErrorIds.SweepInvalid, ErrorCategory.InvalidData, e.Message, target, e));
        }
    }

    private Exception Fail(string message, object target) =>
        Terminate(DistillErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, message, target);
}

using System.Management.Automation;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.Training;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Get-DistillRun: the state of training run folders (finished, stopped, killed or running) from their files alone:
/// config, epochs done, best epoch, losses, whether -Resume can continue it, and the report's metrics if any.</summary>
[Cmdlet(VerbsCommon.Get, "DistillRun")]
[OutputType(typeof(DistillRunInfo))]
public sealed class GetDistillRunCommand : DistillCmdlet
{
    /// <summary>Run folders (the -OutputPath of Invoke-DistillTraining); the current folder when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "OutputPath")]
    public string[] Path { get; set; } = ["."];

    /// <summary>Also every run folder below each path (e.g. ./runs holding runs/&lt;config&gt;/&lt;category&gt;).</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string path in Path)
        {
            string folder = ResolveFileSystemPath(path);
            if (!Recurse)
            {
                Describe(folder);
                continue;
            }
            if (!Directory.Exists(folder))
            {
                WriteError(DistillErrors.Create(DistillErrorIds.RunNotFound, ErrorCategory.ObjectNotFound, $"The folder '{folder}' does not exist.", path));
                continue;
            }
            var runs = new[] { folder }.Concat(Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories))
                .Where(RunFolder.HoldsRun).OrderBy(f => f, StringComparer.Ordinal).ToList();
            WriteVerbose($"{runs.Count} run folder(s) under {folder}.");
            foreach (string run in runs) Describe(run);
        }
    }

    private void Describe(string folder)
    {
        try
        {
            WriteObject(DistillRunInfo.From(RunFolder.Read(folder)));
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException)
        {
            // One folder that is not a run (or is damaged) among many: say which and why, and go on.
            WriteError(DistillErrors.Create(DistillErrorIds.RunNotFound, ErrorCategory.InvalidData, e.Message, folder));
        }
    }
}

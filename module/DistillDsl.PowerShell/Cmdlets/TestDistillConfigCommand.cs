using System.Management.Automation;
using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.PowerShell.Output;
using DistillDsl.Spec.Parsing;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Test-DistillConfig: runs the source generator's parser and validator on YAML files at run time and outputs their
/// diagnostics as objects (nothing for a clean file), or with -Quiet one Boolean per file.</summary>
[Cmdlet(VerbsDiagnostic.Test, "DistillConfig")]
[OutputType(typeof(DistillConfigDiagnostic))]
[OutputType(typeof(bool))]
public sealed class TestDistillConfigCommand : DistillCmdlet
{
    /// <summary>YAML config files.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    public string[] Path { get; set; } = [];

    /// <summary>Output $true when a file has no errors (warnings allowed), $false otherwise, instead of the diagnostics.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string typed in Path)
        {
            string path = ResolveFileSystemPath(typed);
            ParseResult result;
            try
            {
                result = ConfigSource.Check(path);
            }
            catch (DistillConfigException e)
            {
                if (Quiet) WriteObject(false);
                else if (!TryWriteNonTerminating(e, path)) throw;
                continue;
            }
            if (Quiet) WriteObject(!result.HasErrors);
            else foreach (var diagnostic in result.Diagnostics) WriteObject(DistillConfigDescriptions.Describe(diagnostic));
        }
    }
}

using System.Management.Automation;
using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.PowerShell.Completion;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.Spec.Parsing;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Get-DistillConfig: the compiled configs (by name, wildcards allowed) or YAML config files, with their teachers,
/// taps, students and parameter counts.</summary>
[Cmdlet(VerbsCommon.Get, "DistillConfig", DefaultParameterSetName = ByName)]
[OutputType(typeof(DistillConfigInfo))]
public sealed class GetDistillConfigCommand : DistillCmdlet
{
    private const string ByName = "ByName";
    private const string ByPath = "ByPath";

    /// <summary>Names of compiled configs; wildcards allowed. All compiled configs when omitted.</summary>
    [Parameter(ParameterSetName = ByName, Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ConfigNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>YAML config files (e.g. from Get-ChildItem).</summary>
    [Parameter(ParameterSetName = ByPath, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    public string[] Path { get; set; } = [];

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByPath)
        {
            foreach (string path in Path) WriteFromFile(ResolveFileSystemPath(path));
            return;
        }
        foreach (string pattern in Name ?? ["*"])
        {
            var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
            var names = CompiledConfigs.Names.Where(n => wildcard.IsMatch(n)).ToList();
            if (names.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                WriteError(DistillErrors.Create(DistillErrorIds.ConfigNotFound, ErrorCategory.ObjectNotFound,
                    $"No compiled config is named '{pattern}'; compiled: {string.Join(", ", CompiledConfigs.Names)}. Use -Path for a YAML file.", pattern));
            }
            foreach (string name in names)
            {
                WriteObject(DistillConfigDescriptions.Describe(CompiledConfigs.Source(name).Spec, DistillConfigInfo.CompiledSource));
            }
        }
    }

    private void WriteFromFile(string path)
    {
        try
        {
            WriteObject(DistillConfigDescriptions.Describe(ConfigSource.FromFile(path).Spec, path));
        }
        catch (DistillConfigException e)
        {
            // One bad file among many: report it and go on with the rest.
            if (!TryWriteNonTerminating(e, path)) throw;
        }
    }
}

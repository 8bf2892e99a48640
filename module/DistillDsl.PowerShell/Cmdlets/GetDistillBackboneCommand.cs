using System.Management.Automation;
using DistillDsl.PowerShell.Completion;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.Spec.Backbones;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Get-DistillBackbone: the teacher backbones a config can name, with their taps (channels, strides).</summary>
[Cmdlet(VerbsCommon.Get, "DistillBackbone")]
[OutputType(typeof(DistillBackbone))]
public sealed class GetDistillBackboneCommand : DistillCmdlet
{
    /// <summary>Backbone names; wildcards allowed. All backbones when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(BackboneNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string pattern in Name ?? ["*"])
        {
            var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
            var matches = BackboneCatalog.All.Where(b => wildcard.IsMatch(b.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                WriteError(DistillErrors.Create(DistillErrorIds.BackboneNotFound, ErrorCategory.ObjectNotFound,
                    $"No backbone is named '{pattern}'; known: {string.Join(", ", BackboneCatalog.Names)}.", pattern));
            }
            foreach (BackboneInfo backbone in matches) WriteObject(Describe(backbone));
        }
    }

    internal static DistillBackbone Describe(BackboneInfo backbone) => new(
        backbone.Name,
        backbone.Description,
        backbone.DefaultNormalization.ToString(),
        backbone.Taps.Select((t, i) => new DistillTap(backbone.Name, i, t.Name, t.Channels, t.Stride, t.Description)).ToArray(),
        backbone.Name == BackboneCatalog.ResNet18
            ? "bundled: Microsoft.ML.DnnImageFeaturizer.ResNet18 (ONNX), converted once"
            : $"torch hub cache: {backbone.TorchvisionCheckpoint}");
}

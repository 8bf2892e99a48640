using System.Management.Automation;
using DistillDsl.PowerShell.Completion;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.Spec.Backbones;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Get-DistillBackbone: the teacher backbones a config can name, with their taps (channels, strides); with -Tap,
/// just those taps, one object each.</summary>
[Cmdlet(VerbsCommon.Get, "DistillBackbone")]
[OutputType(typeof(DistillBackbone))]
[OutputType(typeof(DistillTap))]
public sealed class GetDistillBackboneCommand : DistillCmdlet
{
    /// <summary>Backbone names; wildcards allowed. All backbones when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(BackboneNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Tap names (wildcards allowed): outputs the matching taps of the selected backbones instead of the backbones.</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(TapNameCompleter))]
    public string[]? Tap { get; set; }

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
            foreach (BackboneInfo backbone in matches)
            {
                DistillBackbone described = Describe(backbone);
                if (Tap is null) WriteObject(described);
                else WriteTaps(described);
            }
        }
    }

    private void WriteTaps(DistillBackbone backbone)
    {
        foreach (string pattern in Tap!)
        {
            var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
            var taps = backbone.Taps.Where(t => wildcard.IsMatch(t.Name)).ToList();
            if (taps.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern) && Name is not null)
            {
                WriteError(DistillErrors.Create(DistillErrorIds.BackboneNotFound, ErrorCategory.ObjectNotFound,
                    $"Backbone '{backbone.Name}' has no tap '{pattern}'; its taps: {string.Join(", ", backbone.Taps.Select(t => t.Name))}.", pattern));
            }
            foreach (DistillTap tap in taps) WriteObject(tap);
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

using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using DistillDsl.Spec.Backbones;

namespace DistillDsl.PowerShell.Completion;

/// <summary>Completes tap names: those of the backbone already given in -Backbone (or -Name), else of every backbone.</summary>
public sealed class TapNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string? backbone = CompletionValues.BoundString(fakeBoundParameters, "Backbone") ?? CompletionValues.BoundString(fakeBoundParameters, "Name");
        IEnumerable<BackboneInfo> backbones = BackboneCatalog.Find(backbone ?? "") is BackboneInfo one ? [one] : BackboneCatalog.All;
        var taps = backbones.SelectMany(b => b.Taps.Select(t => (Backbone: b.Name, Tap: t))).ToList();
        return CompletionValues.Matching(taps.Select(t => t.Tap.Name).Distinct(), wordToComplete,
            name => string.Join("; ", taps.Where(t => t.Tap.Name == name).Select(t => $"{t.Backbone}: {t.Tap}")));
    }
}

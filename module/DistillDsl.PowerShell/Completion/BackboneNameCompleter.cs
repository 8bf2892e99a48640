using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using DistillDsl.Spec.Backbones;

namespace DistillDsl.PowerShell.Completion;

/// <summary>Completes backbone names (resnet18, efficientnet_b0).</summary>
public sealed class BackboneNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Matching(BackboneCatalog.Names, wordToComplete, name => BackboneCatalog.Get(name).Description);
}

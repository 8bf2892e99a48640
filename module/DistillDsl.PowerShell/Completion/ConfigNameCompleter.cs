using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using DistillDsl.Configs;

namespace DistillDsl.PowerShell.Completion;

/// <summary>Completes -Config with the names of the compiled configs (a YAML path can always be typed instead).</summary>
public sealed class ConfigNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Matching(CompiledConfigs.Names, wordToComplete, name => $"compiled config '{name}'");
}

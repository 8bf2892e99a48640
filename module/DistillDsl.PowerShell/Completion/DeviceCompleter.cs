using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using DistillDsl.Devices;

namespace DistillDsl.PowerShell.Completion;

/// <summary>Completes -Device with cpu, cuda and cuda:N. Listing the GPUs would load LibTorch at the first Tab, so the
/// completer offers the device names the selector understands; an absent GPU is reported when the cmdlet runs.</summary>
public sealed class DeviceCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Matching(DeviceSelector.KnownNames, wordToComplete);
}

using System.Collections;
using System.Management.Automation;

namespace DistillDsl.PowerShell.Completion;

/// <summary>Completion results for a fixed list of values: those starting with the typed word (case-insensitive), in order.</summary>
internal static class CompletionValues
{
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> values, string wordToComplete, Func<string, string>? toolTip = null)
    {
        string typed = wordToComplete.Trim('\'', '"');
        return values
            .Where(v => v.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, toolTip?.Invoke(v) ?? v));
    }

    /// <summary>The value already bound to another parameter while the user types (e.g. -Backbone before -Tap).</summary>
    public static string? BoundString(IDictionary fakeBoundParameters, string parameter) =>
        fakeBoundParameters.Contains(parameter) ? fakeBoundParameters[parameter]?.ToString() : null;
}

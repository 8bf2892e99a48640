using System.Collections.Generic;
using DistillDsl.Spec.Diagnostics;

namespace DistillDsl.Generators.Diagnostics
{
    /// <summary>Problems only the generator can see, because they involve several config files at once. Their IDs
    /// start at DD0100 so they never collide with the parser's (<see cref="DiagnosticCatalog"/>).</summary>
    public static class GeneratorDiagnostics
    {
        public static DistillDiagnosticDescriptor DuplicateConfigName { get; } = new DistillDiagnosticDescriptor(
            "DD0100", DistillDiagnosticSeverity.Error, "Two configs share a name",
            "'name': the config name '{0}' is already used by {1}; each compiled config needs its own name (it names the class {2})");

        public static IReadOnlyList<DistillDiagnosticDescriptor> All { get; } = new[] { DuplicateConfigName };
    }
}

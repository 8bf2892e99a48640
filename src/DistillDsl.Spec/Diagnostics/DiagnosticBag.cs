using System.Collections.Generic;
using System.Linq;
using DistillDsl.Spec.Collections;

namespace DistillDsl.Spec.Diagnostics
{
    /// <summary>Collects the diagnostics of one parse, so every reader reports and carries on.</summary>
    internal sealed class DiagnosticBag
    {
        private readonly List<DistillDiagnostic> items = new List<DistillDiagnostic>();

        public void Add(DistillDiagnostic diagnostic) => items.Add(diagnostic);

        public void AddRange(IEnumerable<DistillDiagnostic> diagnostics) => items.AddRange(diagnostics);

        public bool HasErrors => items.Any(d => d.IsError);

        /// <summary>In file order, then ID order, so the output does not depend on the order checks ran in.</summary>
        public EquatableArray<DistillDiagnostic> ToSortedArray() =>
            items.OrderBy(d => d.Span.StartLine).ThenBy(d => d.Span.StartColumn).ThenBy(d => d.Id, System.StringComparer.Ordinal)
                .ToEquatableArray();
    }
}

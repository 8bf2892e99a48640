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

        /// <summary>The most diagnostics one config reports; past it, one <see cref="DiagnosticCatalog.MoreDiagnostics"/>
        /// stands for the rest (a 5 MB file of unknown keys would otherwise print hundreds of thousands of lines).</summary>
        public const int MaxReported = 100;

        /// <summary>In file order, then ID order, so the output does not depend on the order checks ran in; the first
        /// <see cref="MaxReported"/>, then one diagnostic saying how many more there are, at the first one left out.</summary>
        public EquatableArray<DistillDiagnostic> ToSortedArray()
        {
            List<DistillDiagnostic> sorted = items
                .OrderBy(d => d.Span.StartLine).ThenBy(d => d.Span.StartColumn).ThenBy(d => d.Id, System.StringComparer.Ordinal)
                .ToList();
            if (sorted.Count <= MaxReported) return sorted.ToEquatableArray();
            int more = sorted.Count - MaxReported;
            DistillDiagnostic summary = DiagnosticCatalog.MoreDiagnostics.Create(sorted[MaxReported].Span, more, MaxReported);
            return sorted.Take(MaxReported).Concat(new[] { summary }).ToEquatableArray();
        }
    }
}

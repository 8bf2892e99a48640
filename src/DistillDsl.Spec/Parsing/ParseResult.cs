using System.Linq;
using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>What parsing one config gives: the spec when it has no errors, and every diagnostic found.</summary>
    /// <param name="Spec">Null when any diagnostic is an error.</param>
    /// <param name="Diagnostics">Sorted by position, then ID.</param>
    public sealed record ParseResult(DistillSpec? Spec, EquatableArray<DistillDiagnostic> Diagnostics)
    {
        public bool Succeeded => Spec != null;

        public bool HasErrors => Diagnostics.Any(d => d.IsError);
    }
}

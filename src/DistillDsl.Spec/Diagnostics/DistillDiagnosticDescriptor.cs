using System.Globalization;
using DistillDsl.Spec.Model;

namespace DistillDsl.Spec.Diagnostics
{
    /// <summary>A kind of config problem with a stable ID; the source generator maps each one to a Roslyn descriptor.</summary>
    /// <param name="MessageFormat">A composite format string (<c>{0}</c>, <c>{1}</c>…) formatted with the invariant culture.</param>
    public sealed record DistillDiagnosticDescriptor(string Id, DistillDiagnosticSeverity Severity, string Title, string MessageFormat)
    {
        public DistillDiagnostic Create(SourceSpan span, params object[] arguments) =>
            new DistillDiagnostic(this, string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments), span);
    }
}

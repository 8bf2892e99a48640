using DistillDsl.Spec.Model;

namespace DistillDsl.Spec.Diagnostics
{
    /// <summary>One problem found in one config, with the place it points at.</summary>
    public sealed record DistillDiagnostic(DistillDiagnosticDescriptor Descriptor, string Message, SourceSpan Span)
    {
        public string Id => Descriptor.Id;

        public DistillDiagnosticSeverity Severity => Descriptor.Severity;

        public bool IsError => Descriptor.Severity == DistillDiagnosticSeverity.Error;

        /// <summary>The compiler's format: <c>configs/x.yaml(12,5): error DD0003: message</c>.</summary>
        public override string ToString() =>
            $"{Span}: {(IsError ? "error" : "warning")} {Id}: {Message}";
    }
}

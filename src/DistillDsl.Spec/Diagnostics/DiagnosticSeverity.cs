namespace DistillDsl.Spec.Diagnostics
{
    public enum DiagnosticSeverity
    {
        Warning,
        Error,
    }
}

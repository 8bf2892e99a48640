namespace DistillDsl.Spec.Diagnostics
{
    public enum DistillDiagnosticSeverity
    {
        Warning,
        Error,
    }
}

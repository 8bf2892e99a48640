using DistillDsl.Spec.Model;

namespace DistillDsl.Generators.Pipeline
{
    /// <summary>A valid config's name, the class generated for it and where the name is written.</summary>
    public sealed record ConfigIdentity(string Name, string ClassName, string Path, SourceSpan NameSpan);
}

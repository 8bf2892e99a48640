namespace DistillDsl.Generators.Emit
{
    /// <summary>One generated file: the name it is added under and its C# text.</summary>
    public sealed record GeneratedSource(string HintName, string Source);
}

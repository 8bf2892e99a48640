namespace DistillDsl.Data;

/// <summary>A sample that could not be loaded while streaming, and why.</summary>
/// <param name="Path">The file at fault (the image or its mask).</param>
public sealed record SampleProblem(DatasetSample Sample, string Path, string Reason)
{
    public override string ToString() => $"'{Path}': {Reason}";
}

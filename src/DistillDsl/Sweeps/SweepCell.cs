namespace DistillDsl.Sweeps;

/// <summary>One training + evaluation of a sweep. <see cref="Name"/> is also its folder under the sweep's cells/ folder.</summary>
/// <param name="Index">Position in <see cref="SweepDescription.Cells"/>; the Slurm array index of the cell.</param>
public sealed record SweepCell(int Index, string Name, SweepConfig Config, string Category, int Seed);

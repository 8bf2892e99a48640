namespace DistillDsl.PowerShell.Sweeps;

/// <summary>Where Invoke-DistillSweep runs the cells.</summary>
public enum SweepEngine
{
    /// <summary>On this machine, as child processes, -ThrottleLimit at a time.</summary>
    Local,

    /// <summary>As one sbatch array job, one task per cell.</summary>
    Slurm,
}

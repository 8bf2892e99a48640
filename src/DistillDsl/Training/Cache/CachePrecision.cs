namespace DistillDsl.Training.Cache;

/// <summary>How a training cache stores the teachers' features. The images are always stored as float32, since the
/// students see them as they are.</summary>
public enum CachePrecision
{
    /// <summary>Exactly the values the teachers compute: cached training gives the uncached losses.</summary>
    Float32,

    /// <summary>Half the memory; the losses move by float16 rounding of the teacher features (about 1e-3 relative).</summary>
    Float16,
}

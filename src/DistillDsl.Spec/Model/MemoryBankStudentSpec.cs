namespace DistillDsl.Spec.Model
{
    /// <summary>How a memory bank picks its rows from the normal features it saw.</summary>
    public enum CoresetKind
    {
        /// <summary>Greedy k-center selection (PatchCore): each next row is the feature farthest from the rows already
        /// chosen, so rare normal patterns are kept.</summary>
        Greedy,

        /// <summary>A seeded uniform sample.</summary>
        Random,
    }

    /// <summary>A memory of normal teacher features instead of a trained network (PatchCore, Roth et al., CVPR 2022): per
    /// tap, a bank of <paramref name="BankSize"/> rows picked from the pooled teacher features of the training images in
    /// one pass, and the student's output at a position is the bank row nearest to the teacher's feature there, so the
    /// anomaly map is the distance to the nearest normal feature. It reads the teacher's taps, never the image, and has
    /// no trainable parameters: training is that one pass (<c>training.epochs: 1</c>).</summary>
    /// <param name="BankSize">Rows per tap; fewer collected features are all kept (repeated to fill the bank).</param>
    public sealed record MemoryBankStudentSpec(int BankSize, CoresetKind Coreset, SourceSpan Span) : StudentSpec(Span);
}

namespace DistillDsl.Spec.Model
{
    /// <summary>Reverse Distillation (Deng and Li, CVPR 2022): the student reads the teacher's taps, not the image. A trainable
    /// one-class bottleneck embedding (OCBE) brings every tap to the deepest tap's resolution with strided 3×3 convolutions
    /// (+ batch norm + ReLU), concatenates them and runs one residual stage like the backbone's next one (stride 2, BasicBlocks,
    /// that stage's channels); a decoder mirrors the encoder in reverse, one stage per backbone stage from the deepest tap down
    /// to the shallowest, whose first block upsamples by 2 with a 2×2 stride-2 transposed convolution. The decoder stages are
    /// named after the teacher taps they reproduce.</summary>
    /// <param name="BottleneckBlocks">BasicBlocks in the bottleneck's residual stage (the first one carries the stride 2).</param>
    /// <param name="DecoderBlocks">Blocks per decoder stage (the first one upsamples).</param>
    public sealed record ReverseDistillationStudentSpec(int BottleneckBlocks, int DecoderBlocks, SourceSpan Span) : StudentSpec(Span);
}

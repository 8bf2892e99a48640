namespace DistillDsl.Fusion;

/// <summary>Choices of <see cref="FastInferenceGraph"/> that measurement decides.</summary>
public sealed record FastInferenceOptions
{
    /// <summary>Run the networks in channels-last memory format (weights and activations stored NHWC). On by default: in
    /// bench/DistillDsl.Speed at 256×256 on an otherwise idle 2-core Xeon (AVX-512, LibTorch 2.10 CPU, 2 threads) it cut the
    /// median latency by 30–45 % for every shipped config at batch 1 and at batch 16 (e.g. reduced_student_code 34 → 21 ms
    /// and 591 → 381 ms, stpm 46 → 32 ms and 804 → 620 ms). Under heavy load from other processes the batch-16 gain was not
    /// seen, so it stays a choice. The maps agree with the plain path either way (tests). Thread count is the caller's
    /// (torch.set_num_threads; 2 threads were 1.89× faster than 1 on 2 cores). Buffers are reused by the C allocator, not
    /// here: LibTorch has no out= convolution; README "Speed" gives the glibc settings that keep freed buffers for reuse.</summary>
    public bool ChannelsLast { get; init; } = true;
}

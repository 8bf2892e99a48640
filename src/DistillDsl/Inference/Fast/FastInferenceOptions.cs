namespace DistillDsl.Inference.Fast;

/// <summary>Choices of <see cref="FastInferenceGraph"/> that measurement decides.</summary>
public sealed record FastInferenceOptions
{
    /// <summary>Run the networks in channels-last memory format (weights and activations stored NHWC). Off by default: in
    /// bench/DistillDsl.Speed at 256×256 on 2 shared Xeon cores (AVX-512, LibTorch 2.10 CPU, load average ~10 from other work)
    /// it cut the best batch-1 latency by 20–45 % for every config (e.g. reduced_student_code 90 → 49 ms, stpm 399 → 246 ms),
    /// but at batch 16 it was slower for reduced_student_code (1133 → 1353 ms) and mixed_teacher_paper (11.3 → 13.6 s):
    /// not a clear win on that machine, so it is an option. The maps agree with the plain path either way (tests).
    /// Thread count is the caller's (torch.set_num_threads); reusable output buffers were not tried (TorchSharp 0.107 has no
    /// out= convolution).</summary>
    public bool ChannelsLast { get; init; }
}

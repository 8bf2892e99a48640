using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>Whether LibTorch's channels-last convolutions compute what its NCHW ones compute on this machine.</summary>
/// <remarks>On some CPUs they do not: on an AMD EPYC with AVX-512 (LibTorch 2.10), 1×1 convolutions with hundreds of channels
/// on small feature maps (768 → 512 at 4×4, 672 → 112 at 4×4, a strided 80 → 80 at 5×5) came out off by about half the
/// largest value, and an EfficientNet student's features NaN, while NCHW was right. Where the convolutions below disagree,
/// channels-last is not used at all (the fast path and training run NCHW and say why); elsewhere it stays the default,
/// for its speed.</remarks>
public static class ChannelsLastSupport
{
    private static readonly Lazy<string?> problem = new(Check);

    /// <summary>Why channels-last is not used on this machine; null when its convolutions agree with NCHW.</summary>
    public static string? Problem => problem.Value;

    /// <summary>Whether a caller that asked for channels-last (<paramref name="asked"/>) uses it here, and why not when it
    /// asked and does not.</summary>
    public static (bool Use, string? Refused) For(bool asked) => asked ? (Problem is null, Problem) : (false, null);

    /// <summary>Largest difference allowed, relative to the largest output value: float32 rounding stays far below it
    /// (measured ≤ 6e-7), the seen failures far above (0.4–0.7).</summary>
    public const double Tolerance = 1e-4;

    private static string? Check()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(7);
        foreach (var (input, output, side, stride) in new (long, long, long, long)[] { (768, 512, 4, 1), (672, 112, 4, 1), (80, 80, 5, 2), (320, 1280, 2, 1) })
        {
            Tensor x = randn([3, input, side, side], generator: generator);
            Tensor weight = randn([output, input, 1, 1], generator: generator);
            Tensor expected = nn.functional.conv2d(x, weight, strides: [stride, stride]);
            Tensor actual = nn.functional.conv2d(MemoryLayout.ChannelsLast(x), MemoryLayout.ChannelsLast(weight), strides: [stride, stride]);
            double scale = expected.abs().max().item<float>();
            double difference = (actual - expected).abs().max().item<float>();
            if (!(difference <= Tolerance * scale))
            {
                return $"LibTorch's channels-last convolutions give wrong values on this machine (a 1×1 convolution {input} → {output} " +
                       $"at {side}×{side}, stride {stride}, is off by {difference / scale:G2} of the largest value), so NCHW is used";
            }
        }
        return null;
    }
}

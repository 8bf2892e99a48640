using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Backbones.EfficientNet;

/// <summary>The deterministic weights of Fixtures/EfficientNet/make_efficientnet_b0_reference.py, computed the same way
/// (splitmix64 over FNV-1a of the tensor name, every step exact in float64, one rounding to float32), so C# and python
/// fill a model with bit-identical numbers without committing 21 MB of weights.</summary>
internal static class FormulaWeights
{
    /// <summary>Fills every parameter and buffer except num_batches_tracked, by name, as the python script does.</summary>
    public static void Fill(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach ((string name, Tensor tensor) in module.state_dict())
        {
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal)) continue;
            using Tensor values = Value(name, tensor.shape);
            tensor.copy_(values);
        }
    }

    /// <summary>The python script's input: 2·u("input") in the given shape.</summary>
    public static Tensor Input(params long[] shape) =>
        tensor(Uniform("input", shape.Aggregate(1L, (a, b) => a * b)).Select(u => (float)(2.0 * u)).ToArray(), shape);

    public static Tensor Value(string name, long[] shape)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        double[] u = Uniform(name, count);
        Func<double, double> formula =
            name.EndsWith("running_mean", StringComparison.Ordinal) ? x => 0.02 * x :
            name.EndsWith("running_var", StringComparison.Ordinal) ? x => 1.0 + 0.5 * x :
            name.EndsWith("bias", StringComparison.Ordinal) ? x => 0.02 * x :
            shape.Length >= 2 ? ScaledByFanIn(count / shape[0]) :
            x => 1.0 + 0.2 * x;
        return tensor(u.Select(x => (float)formula(x)).ToArray(), shape);
    }

    private static Func<double, double> ScaledByFanIn(long fanIn)
    {
        double scale = Math.Sqrt(6.75 / fanIn);
        return x => x * scale;
    }

    /// <summary>Values in [−1, 1): splitmix64(seed(name) + j), top 53 bits, times 2^−53, times 2, minus 1.</summary>
    public static double[] Uniform(string name, long count)
    {
        ulong seed = Fnv1a64(name);
        var values = new double[count];
        for (long j = 0; j < count; j++)
        {
            ulong z = SplitMix64(unchecked(seed + (ulong)j));
            values[j] = (z >> 11) * (1.0 / 9007199254740992.0) * 2.0 - 1.0;
        }
        return values;
    }

    private static ulong Fnv1a64(string text)
    {
        ulong hash = 0xCBF29CE484222325;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 0x100000001B3);
        }
        return hash;
    }

    private static ulong SplitMix64(ulong x)
    {
        unchecked
        {
            ulong z = x + 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}

using static TorchSharp.torch;

namespace DistillDsl.Tests.Scoring;

/// <summary>Small hand-written tensors and exact comparisons for the equation tests.</summary>
internal static class EquationTensors
{
    /// <summary>[B, 1, H, W] maps from rows of values, one array per image.</summary>
    public static Tensor Maps(int height, int width, params float[][] images) =>
        tensor(images.SelectMany(i => i).ToArray()).reshape(images.Length, 1, height, width);

    /// <summary>[1, C, 1, P] features: one C-vector per pixel.</summary>
    public static Tensor Pixels(params float[][] vectors)
    {
        int channels = vectors[0].Length;
        var values = new float[channels * vectors.Length];
        for (int p = 0; p < vectors.Length; p++)
            for (int c = 0; c < channels; c++)
                values[c * vectors.Length + p] = vectors[p][c];
        return tensor(values).reshape(1, channels, 1, vectors.Length);
    }

    public static void Equal(double[] expected, Tensor actual, double tolerance = 1e-6)
    {
        float[] values = actual.contiguous().data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {values[i]}");
        }
    }
}

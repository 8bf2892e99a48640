using System.Text.Json;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Scoring;

/// <summary>Reads Fixtures/Scoring/scoring_reference.json, made once by make_scoring_fixture.py beside it with Debian 12's
/// python3-torch 1.13.1 (hard feature loss, feature normalisations, torch.quantile, EfficientAD's map normalisation, colour
/// jitter as torchvision computes it).</summary>
internal static class ScoringReference
{
    private static readonly Lazy<JsonElement> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Scoring", "scoring_reference.json"))).RootElement);

    public static JsonElement Root => Document.Value;

    public static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    public static long[] Longs(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt64()).ToArray();

    public static Tensor Tensor(JsonElement e, params long[] shape) => tensor(Floats(e)).reshape(shape);

    /// <summary>Element-wise |expected − actual| ≤ absolute + relative · |expected|.</summary>
    public static void Close(float[] expected, Tensor actual, double absolute = 1e-6, double relative = 1e-5)
    {
        float[] values = actual.detach().contiguous().cpu().data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = absolute + relative * Math.Abs(expected[i]);
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {values[i]}");
        }
    }
}

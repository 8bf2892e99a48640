using DistillDsl.Data;
using DistillDsl.Graphs;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<byte>;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Export;

/// <summary>The two routes the export tests compare: the TorchSharp graph (ImagePreprocessing's resize, forward, AnomalyMap,
/// Score) and the exported model in ONNX Runtime (uint8 pixels in), on the same decoded images.</summary>
internal static class OnnxComparison
{
    /// <summary>Maps agree when the largest pixel difference is at most this fraction of the largest |pixel| of the TorchSharp
    /// map; scores when they differ by at most this fraction of the TorchSharp score. Measured (float32 round-off through the
    /// folded batch norms and two libraries' summation orders): about 1e-6 on the ResNet-only configs, up to 4.3e-5 on
    /// mixed_teacher_code (EfficientNet with random batch-norm statistics, then Eq. 11's products and normalisations).</summary>
    public const double RelativeTolerance = 2e-4;

    public static (float[] Map, float Score) TorchSharp(DistillGraph graph, RgbImage image)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        graph.eval();
        int side = graph.Spec.Input.Height;
        Tensor rgb = ImagePreprocessing.Rgb(side).ToTensors(new DecodedSample(image, null)).Rgb.unsqueeze(0);
        using GraphFeatures features = graph.forward(rgb);
        Tensor map = graph.AnomalyMap(features, side, side);
        return (map.data<float>().ToArray(), graph.Score(map).item<float>());
    }

    /// <summary>Runs images of one size as one batch: per image its map and its score.</summary>
    public static List<(float[] Map, float Score)> Onnx(InferenceSession session, IReadOnlyList<RgbImage> images)
    {
        int width = images[0].Width, height = images[0].Height;
        byte[] pixels = images.SelectMany(i => i.Pixels).ToArray();
        var input = new DenseTensor(pixels, [images.Count, height, width, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("image", input)]);
        float[] maps = results.Single(r => r.Name == "anomaly_map").AsEnumerable<float>().ToArray();
        float[] scores = results.Single(r => r.Name == "score").AsEnumerable<float>().ToArray();
        int pixelsPerMap = maps.Length / images.Count;
        return Enumerable.Range(0, images.Count).Select(i => (maps.AsSpan(i * pixelsPerMap, pixelsPerMap).ToArray(), scores[i])).ToList();
    }

    /// <summary>Asserts that the ONNX route reproduces the TorchSharp one within <see cref="RelativeTolerance"/>; returns the
    /// relative map and score differences.</summary>
    public static (double Map, double Score) AssertClose((float[] Map, float Score) torch, (float[] Map, float Score) onnx, string what)
    {
        Assert.Equal(torch.Map.Length, onnx.Map.Length);
        Assert.All(onnx.Map, v => Assert.True(float.IsFinite(v), $"{what}: the ONNX map has a non-finite pixel."));
        double scale = torch.Map.Max(v => Math.Abs(v));
        Assert.True(scale > 0, $"{what}: the TorchSharp map is all zeros, which would prove nothing.");
        double mapDifference = torch.Map.Zip(onnx.Map, (a, b) => Math.Abs(a - b)).Max() / scale;
        double scoreDifference = Math.Abs(torch.Score - onnx.Score) / Math.Abs(torch.Score);
        Assert.True(mapDifference <= RelativeTolerance, $"{what}: maps differ by {mapDifference:E2} of the map's range (tolerance {RelativeTolerance:E0}).");
        Assert.True(scoreDifference <= RelativeTolerance, $"{what}: scores {torch.Score} (TorchSharp) and {onnx.Score} (ONNX) differ by {scoreDifference:E2}.");
        return (mapDifference, scoreDifference);
    }

    /// <summary>A texture-like image: smooth waves per channel plus seeded noise, so every resize filter and every channel matters.</summary>
    public static RgbImage Texture(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    pixels[(y * width + x) * 3 + c] = (byte)Math.Clamp(128 + 70 * Math.Sin(x * 0.45 + seed + c) * Math.Cos(y * 0.3 - c) + random.Next(-30, 31), 0, 255);
        return new RgbImage(width, height, pixels);
    }
}

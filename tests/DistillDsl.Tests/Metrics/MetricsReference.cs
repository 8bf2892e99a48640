using System.Text.Json;

namespace DistillDsl.Tests.Metrics;

/// <summary>Reads Fixtures/Metrics/metrics_reference.json, made once by make_metrics_fixture.py beside it with Debian 12's
/// scikit-learn 1.2.1 (AUROC, precision–recall curve) and scipy 1.10.1 (connected components for the AUPRO reference).</summary>
internal static class MetricsReference
{
    public sealed record ExpectedF1(double F1, float Threshold, double Precision, double Recall);

    public sealed record ImageCase(string Name, float[] Scores, bool[] Labels, double Auroc, ExpectedF1 F1Max);

    public sealed record PixelCase(string Name, int Width, int Height, List<float[]> Maps, List<float[]> Masks, double Auroc, double Aupro, int Regions, ExpectedF1 F1Max);

    public static IReadOnlyList<ImageCase> ImageCases() =>
        Root().GetProperty("images").EnumerateArray().Select(c => new ImageCase(
            c.GetProperty("name").GetString()!,
            c.GetProperty("scores").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            c.GetProperty("labels").EnumerateArray().Select(e => e.GetBoolean()).ToArray(),
            c.GetProperty("auroc").GetDouble(),
            F1(c.GetProperty("f1Max")))).ToList();

    public static IReadOnlyList<PixelCase> PixelCases() =>
        Root().GetProperty("pixels").EnumerateArray().Select(c => new PixelCase(
            c.GetProperty("name").GetString()!,
            c.GetProperty("width").GetInt32(),
            c.GetProperty("height").GetInt32(),
            c.GetProperty("maps").EnumerateArray().Select(m => m.EnumerateArray().Select(e => e.GetSingle()).ToArray()).ToList(),
            c.GetProperty("masks").EnumerateArray().Select(m => m.GetString()!.Select(ch => ch == '1' ? 1f : 0f).ToArray()).ToList(),
            c.GetProperty("auroc").GetDouble(),
            c.GetProperty("aupro").GetDouble(),
            c.GetProperty("regions").GetInt32(),
            F1(c.GetProperty("f1Max")))).ToList();

    private static ExpectedF1 F1(JsonElement e) => new(
        e.GetProperty("f1").GetDouble(), e.GetProperty("threshold").GetSingle(), e.GetProperty("precision").GetDouble(), e.GetProperty("recall").GetDouble());

    private static JsonElement Root()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Metrics", "metrics_reference.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }
}

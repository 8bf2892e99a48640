using DistillDsl.Data;
using DistillDsl.Data.Synthetic;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Reports;
using DistillDsl.Spec.Model;
using DistillDsl.Tests.Data;
using DistillDsl.Tests.Graphs;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Evaluation;

/// <summary>Shared by the evaluation and inference tests (one collection: they run one after another, as they share a graph).</summary>
[CollectionDefinition(Name)]
public sealed class EvaluationCollection : ICollectionFixture<EvaluationFixture>
{
    public const string Name = "evaluation";
}

/// <summary>A tiny synthetic fabric category (64 px: 4 good test images, 2 per defect kind for scratch, hole and stain) and
/// the authors'-code Reduced Student at 64 px with seeded random teacher weights (scores are meaningless but deterministic,
/// which is all these tests need); its score is the map maximum with <c>test_set_minmax</c>.</summary>
public sealed class EvaluationFixture : IDisposable
{
    public const int Side = TestSpecs.SmallSide;
    private readonly TempFolder folder = new();
    private readonly Dictionary<string, (float[] Map, float RawScore)> directMaps = [];
    private readonly Lazy<EvaluationReport> report;

    public EvaluationFixture()
    {
        SyntheticTextureGenerator.WriteMvtecLayout(folder.Path, new SyntheticDatasetOptions
        {
            Families = [TextureFamily.Fabric],
            Defects = [DefectKind.Scratch, DefectKind.Hole, DefectKind.Stain],
            ImageSize = Side,
            TrainCount = 1,
            TestGoodCount = 4,
            TestCountPerDefect = 2,
            Seed = 3,
        });
        Dataset = DatasetLayouts.OpenMvtec(folder.Path, "fabric");
        Spec = TestSpecs.ShippedSmall("reduced_student_code");
        Graph = new DistillGraph(Spec, new GraphBuildOptions { RandomTeacherWeights = true, Seed = 5 });
        report = new(() => new GraphEvaluator(Graph, new EvaluationOptions()).Evaluate(Test));
    }

    public DatasetIndex Dataset { get; }

    public IReadOnlyList<DatasetSample> Test => Dataset.Test;

    public DistillSpec Spec { get; }

    public DistillGraph Graph { get; }

    /// <summary>The test set evaluated with the default options (batch 8, nothing written), once for all tests.</summary>
    public EvaluationReport Report => report.Value;

    /// <summary>A fresh folder inside the fixture's temp folder.</summary>
    public string NewFolder(string name) => folder.Folder(name + "-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The reference route, independent of the evaluator's batching and streaming: each image on its own
    /// (ImagePreprocessing.LoadRgb, a batch of one), the graph's map at the input size and its raw score. Cached per path.</summary>
    public (float[] Map, float RawScore) DirectMap(string imagePath)
    {
        if (!directMaps.TryGetValue(imagePath, out var result)) directMaps[imagePath] = result = ComputeDirectMap(imagePath);
        return result;
    }

    private (float[] Map, float RawScore) ComputeDirectMap(string imagePath)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Graph.eval();
        Tensor rgb = ImagePreprocessing.Rgb(Side).LoadRgb(imagePath).unsqueeze(0);
        using GraphFeatures features = Graph.forward(rgb);
        Tensor map = Graph.AnomalyMap(features, Side, Side);
        return (map.cpu().data<float>().ToArray(), Graph.Score(map).item<float>());
    }

    /// <summary>A 0/1 mask at the input size, as the data layer loads it (zeros without a mask file).</summary>
    public static float[] MaskAtInputSize(DatasetSample sample)
    {
        if (sample.MaskPath is null) return new float[Side * Side];
        using Tensor mask = ImagePreprocessing.Rgb(Side).LoadMask(sample.MaskPath);
        return mask.data<float>().ToArray();
    }

    public void Dispose()
    {
        Graph.Dispose();
        folder.Dispose();
    }
}

using DistillDsl.Scoring;
using DistillDsl.Spec.Model;

namespace DistillDsl.Export;

/// <summary>Writes what a graph computes after its networks, operator for operator as Graphs/TapPooling and Scoring/ do it:
/// tap pooling, the per-pixel feature distance, tap maps (scaled, upsampled, combined), the teachers' maps combined, the
/// Gaussian smoothing and the image score.</summary>
internal sealed class ScoringExporter(OnnxGraphWriter onnx)
{
    /// <summary>F.normalize's ε (‖x‖ is floored at it).</summary>
    private const float NormalizeEpsilon = 1e-12f;

    /// <summary>TapPooling.Apply: spatial pooling, then channel pooling, then the tap's centring.</summary>
    public OnnxValue TapPool(OnnxValue features, TapSpec tap, string path)
    {
        OnnxValue pooled = Pool(features, tap, path);
        return tap.Center switch
        {
            TapCentering.None => pooled,
            TapCentering.ImageMean => Center(pooled, path + ".center"),
            _ => throw new NotSupportedException($"ONNX export: tap '{path}' has a centring {tap.Center}, which the exporter does not know."),
        };
    }

    /// <summary>Each channel minus its mean over the positions.</summary>
    private OnnxValue Center(OnnxValue x, string path) => onnx.Sub(x, onnx.Reduce("ReduceMean", x, [2, 3], keepDims: true, path + ".mean"), path);

    private OnnxValue Pool(OnnxValue features, TapSpec tap, string path)
    {
        OnnxValue x = tap.Pool switch
        {
            null => features,
            AvgPoolSpec avg => onnx.AveragePool(features, [avg.Kernel, avg.Kernel], [avg.Stride, avg.Stride], path + ".pool", avg.Padding),
            AdaptiveAvgPoolSpec adaptive => AdaptiveAveragePool(features, adaptive, path + ".pool"),
            _ => throw new NotSupportedException($"ONNX export: tap '{path}' has a pooling of kind {tap.Pool.GetType().Name}, which the exporter does not know."),
        };
        if (tap.ChannelPool is not { } channelPool) return x;
        long pooled = channelPool.Channels;
        if (pooled < 1 || x.Channels % pooled != 0) throw new InvalidOperationException($"ONNX export: tap '{path}' cannot pool {x.Channels} channels to {pooled}.");
        OnnxValue grouped = onnx.Reshape(x, [OnnxGraphWriter.Batch, pooled, x.Channels / pooled, x.Height, x.Width], path + ".channel_pool");
        return onnx.Reduce("ReduceMean", grouped, [2], keepDims: false, path + ".channel_pool");
    }

    /// <summary>Adaptive average pooling where the output side divides the input side: then every bin is a k × k window with
    /// stride k (k = in / out), which is ONNX's AveragePool. Other ratios have bins of varying size and are not exported.</summary>
    private OnnxValue AdaptiveAveragePool(OnnxValue x, AdaptiveAvgPoolSpec adaptive, string path)
    {
        if (x.Height % adaptive.Height != 0 || x.Width % adaptive.Width != 0)
        {
            throw new NotSupportedException(
                $"ONNX export: tap '{path}' pools {x.Height}×{x.Width} features adaptively to {adaptive.Height}×{adaptive.Width}; only sizes that divide " +
                "the features' size are exported (choose an image size at which they do).");
        }
        long kh = x.Height / adaptive.Height, kw = x.Width / adaptive.Width;
        return kh == 1 && kw == 1 ? x : onnx.AveragePool(x, [kh, kw], [kh, kw], path);
    }

    /// <summary>FeatureDistance.PerPixel: ½‖n(T) − n(S)‖ (L2) or ½‖n(T) − n(S)‖² (squared L2) over channels, n(x) = x / max(‖x‖, ε);
    /// or 1 − cos(T, S) (cosine).</summary>
    public OnnxValue Distance(OnnxValue teacher, OnnxValue student, FeatureDistanceKind kind, string path,
                              FeatureNormalization normalization = FeatureNormalization.ChannelL2)
    {
        if (!teacher.Shape.SequenceEqual(student.Shape)) throw new InvalidOperationException($"ONNX export: tap '{path}' pairs {teacher} with {student}.");
        if (kind == FeatureDistanceKind.Cosine) return Cosine(teacher, student, path);
        OnnxValue difference = normalization switch
        {
            FeatureNormalization.ChannelL2 => onnx.Sub(Normalize(teacher, path + ".teacher_norm"), Normalize(student, path + ".student_norm"), path + ".difference"),
            FeatureNormalization.None => onnx.Sub(teacher, student, path + ".difference"),
            _ => throw new NotSupportedException($"ONNX export: unknown feature normalisation {normalization}."),
        };
        OnnxValue distance = kind switch
        {
            FeatureDistanceKind.L2 => onnx.Reduce("ReduceL2", difference, [1], keepDims: true, path + ".l2"),
            FeatureDistanceKind.SquaredL2 => onnx.Reduce("ReduceSumSquare", difference, [1], keepDims: true, path + ".squared_l2"),
            _ => throw new NotSupportedException($"ONNX export: unknown feature distance {kind}."),
        };
        return onnx.Mul(distance, 0.5f, path + ".half");
    }

    private OnnxValue Normalize(OnnxValue x, string path, float epsilon = NormalizeEpsilon)
    {
        OnnxValue norm = onnx.Max(onnx.Reduce("ReduceL2", x, [1], keepDims: true, path), epsilon, path + ".floor");
        return onnx.Div(x, norm, path + ".divide");
    }

    /// <summary>FeatureDistance.Cosine: 1 − Σ_c (T / max(‖T‖, ε)) · (S / max(‖S‖, ε)), ε = 1e-8 (torch's cosine_similarity);
    /// feature_norm makes no difference to it.</summary>
    private OnnxValue Cosine(OnnxValue teacher, OnnxValue student, string path)
    {
        OnnxValue product = onnx.Mul(Normalize(teacher, path + ".teacher_unit", (float)FeatureDistance.CosineEpsilon),
                                     Normalize(student, path + ".student_unit", (float)FeatureDistance.CosineEpsilon), path + ".product");
        OnnxValue similarity = onnx.Reduce("ReduceSum", product, [1], keepDims: true, path + ".cosine");
        return onnx.Mul(onnx.Sub(similarity, 1f, path + ".shift"), -1f, path + ".one_minus");
    }

    /// <summary>AnomalyMaps.TapMap then AnomalyMaps.Upsample: the distance, divided by h·w for inverse_area, resized to the map size.</summary>
    /// <param name="featureNorm">The tap's feature normalisation (its own, else the map's).</param>
    public OnnxValue TapMap(OnnxValue teacher, OnnxValue student, AnomalyMapSpec spec, FeatureNormalization featureNorm, long height, long width, string path)
    {
        OnnxValue map = Distance(teacher, student, spec.Distance, path, featureNorm);
        map = spec.TapScale switch
        {
            TapScale.None => map,
            TapScale.InverseArea => onnx.Div(map, map.Height * map.Width, path + ".inverse_area"),
            _ => throw new NotSupportedException($"ONNX export: unknown tap scale {spec.TapScale}."),
        };
        return spec.Upsample switch
        {
            UpsampleMode.Bilinear => onnx.Resize(map, height, width, linear: true, antialias: false, path + ".upsample"),
            UpsampleMode.Nearest => onnx.Resize(map, height, width, linear: false, antialias: false, path + ".upsample"),
            _ => throw new NotSupportedException($"ONNX export: unknown upsampling {spec.Upsample}."),
        };
    }

    /// <summary>MapNormalization.Apply: (m − a) · 0.1 / (b − a), with the same float32 constants as the torch path.</summary>
    public OnnxValue MapNormalize(OnnxValue map, MapQuantiles quantiles, string path) =>
        onnx.Mul(onnx.Sub(map, (float)quantiles.A, path + ".shift"), (float)quantiles.Scale, path + ".scale");

    /// <summary>AnomalyMaps.CombineTaps: element-wise sum or product, in tap order.</summary>
    public OnnxValue CombineTaps(IReadOnlyList<OnnxValue> maps, TapCombination overTaps, string path) => overTaps switch
    {
        TapCombination.Sum => Fold(maps, onnx.Add, path + ".sum"),
        TapCombination.Product => Fold(maps, onnx.Mul, path + ".product"),
        _ => throw new NotSupportedException($"ONNX export: unknown tap combination {overTaps}."),
    };

    /// <summary>MapCombination.Combine: the teachers' maps summed, multiplied, or modulated (Eq. 11).</summary>
    public OnnxValue CombineTeachers(IReadOnlyList<(string Teacher, OnnxValue Map)> maps, CombinationSpec combination, string path)
    {
        switch (combination.Kind)
        {
            case CombinationKind.Sum: return Fold(maps.Select(m => m.Map).ToList(), onnx.Add, path + ".sum");
            case CombinationKind.Product: return Fold(maps.Select(m => m.Map).ToList(), onnx.Mul, path + ".product");
            case CombinationKind.Modulate:
                ModulationSpec modulation = combination.Modulation
                    ?? throw new InvalidOperationException("ONNX export: a modulate combination needs its modulated and modulating teachers.");
                OnnxValue modulated = maps.Single(m => m.Teacher == modulation.Modulated).Map;
                OnnxValue modulating = maps.Single(m => m.Teacher == modulation.Modulating).Map;
                // modulated · extent(modulating) · normalize(modulating), in MapCombination.Modulate's order.
                OnnxValue scaled = onnx.Mul(modulated, Extent(modulating, path + ".extent"), path + ".scaled");
                return onnx.Mul(scaled, ModulationNormalize(modulating, modulation.Normalization, path + ".normalize"), path + ".modulate");
            default: throw new NotSupportedException($"ONNX export: unknown map combination {combination.Kind}.");
        }
    }

    /// <summary>max − min of each image's map → [N, 1, 1, 1].</summary>
    private OnnxValue Extent(OnnxValue maps, string path) =>
        onnx.Sub(onnx.Reduce("ReduceMax", maps, [1, 2, 3], keepDims: true, path + ".max"), onnx.Reduce("ReduceMin", maps, [1, 2, 3], keepDims: true, path + ".min"), path);

    private OnnxValue ModulationNormalize(OnnxValue maps, ModulationNormalization normalization, string path)
    {
        switch (normalization)
        {
            case ModulationNormalization.MinMax:
                OnnxValue shifted = onnx.Sub(maps, onnx.Reduce("ReduceMin", maps, [1, 2, 3], keepDims: true, path + ".min"), path + ".shift");
                return onnx.Div(shifted, onnx.Max(Extent(maps, path + ".extent"), (float)MapCombination.Epsilon, path + ".floor"), path + ".minmax");
            case ModulationNormalization.L2Height:
                OnnxValue norm = onnx.Max(onnx.Reduce("ReduceL2", maps, [2], keepDims: true, path + ".l2"), (float)MapCombination.Epsilon, path + ".floor");
                return onnx.Div(maps, norm, path + ".l2_height");
            default: throw new NotSupportedException($"ONNX export: unknown modulation normalisation {normalization}.");
        }
    }

    /// <summary>GaussianSmoothing.Apply: the same kernel (size 2·⌊4σ + 0.5⌋ + 1, normalised, computed in float32), reflect
    /// padding (replicate when the map is not larger than the radius), a horizontal then a vertical convolution.</summary>
    public OnnxValue Gaussian(OnnxValue maps, double sigma, string path)
    {
        int size = GaussianSmoothing.KernelSize(sigma);
        int radius = size / 2;
        float[] kernel = GaussianSmoothing.Kernel(sigma);
        string mode = maps.Width > radius && maps.Height > radius ? "reflect" : "edge";
        OnnxValue padded = onnx.PadSpatial(maps, radius, mode, path + ".pad");
        string horizontal = onnx.FloatConstant(path + ".horizontal", kernel, 1, 1, 1, size);
        string vertical = onnx.FloatConstant(path + ".vertical", kernel, 1, 1, size, 1);
        OnnxValue x = onnx.Conv(padded, horizontal, null, [1, size], 1, [1, 1], [0, 0], [1, 1], 1, path + ".horizontal");
        return onnx.Conv(x, vertical, null, [size, 1], 1, [1, 1], [0, 0], [1, 1], 1, path + ".vertical");
    }

    /// <summary>ImageScore.Compute: [N, 1, H, W] → [N] sum, maximum or mean of the k largest pixels.</summary>
    public OnnxValue Score(OnnxValue maps, ScoreSpec score, string path) => score.Kind switch
    {
        ScoreKind.Sum => onnx.Reduce("ReduceSum", maps, [1, 2, 3], keepDims: false, path + ".sum"),
        ScoreKind.Max => onnx.Reduce("ReduceMax", maps, [1, 2, 3], keepDims: false, path + ".max"),
        ScoreKind.TopKMean => onnx.TopKMean(onnx.Reshape(maps, [OnnxGraphWriter.Batch, maps.Height * maps.Width], path + ".flatten"),
                                            score.TopK ?? throw new InvalidOperationException("ONNX export: a top-k mean score needs k."), path + ".top_k"),
        _ => throw new NotSupportedException($"ONNX export: unknown score kind {score.Kind}."),
    };

    private static OnnxValue Fold(IReadOnlyList<OnnxValue> maps, Func<OnnxValue, OnnxValue, string, OnnxValue> combine, string path)
    {
        if (maps.Count == 0) throw new InvalidOperationException($"ONNX export: '{path}' has no maps to combine.");
        OnnxValue result = maps[0];
        for (int i = 1; i < maps.Count; i++) result = combine(result, maps[i], path);
        return result;
    }
}

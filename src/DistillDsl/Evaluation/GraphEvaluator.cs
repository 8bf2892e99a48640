using System.Diagnostics;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.IO;
using DistillDsl.Metrics;
using DistillDsl.Reports;
using DistillDsl.Spec.Model;
using static TorchSharp.torch;

namespace DistillDsl.Evaluation;

/// <summary>Evaluates any <see cref="DistillGraph"/> on a labelled test set: streams the images in RGB batches
/// (<see cref="BatchStream"/>), computes the anomaly maps and raw scores on the graph's device, applies the config's score
/// normalisation (<see cref="TestSetMinMax"/>), then image metrics, pixel metrics (AUROC, AUPRO, F1-max), image AUROC per
/// defect type, timings and the machine. With <see cref="EvaluationOptions.OutputDirectory"/> it writes the report
/// (<see cref="ReportWriter"/>) and one heat-map overlay per image under <c>heatmaps/</c>.</summary>
/// <remarks>
/// <para>Images do not influence each other's scores: the graph runs in eval mode (restored afterwards), so the batch size
/// changes nothing but speed. The one deliberate exception is <c>score.normalize: test_set_minmax</c>.</para>
/// <para>Memory: besides two batches in flight, the maps are kept at full float precision (4·H·W bytes per image) only when
/// they are needed after the pass, for pixel metrics (a test image has a mask) or heat maps; masks add 4·H·W bytes per
/// anomalous image (normal images share one zero mask). Pixel metrics then sort every pixel at once, which costs about
/// 9 bytes per pixel plus 12 per distinct score (<see cref="PixelMetrics.Compute"/>). For 100 test images at 256²: maps
/// 26 MB, masks at most 26 MB, and the sort up to about 130 MB (PixelMetrics measured 156 MB allocated for 100 random
/// 256² maps). A test set without masks, evaluated without pictures, keeps only the scores.</para>
/// <para>Pixel metrics need a mask for every anomalous test image (normal images without one count as all normal). A test
/// set with image labels only, or with masks for some defect types only, is evaluated at image level: pixel metrics over a
/// subset of the defects would not be comparable with anyone's, so they are skipped and
/// <see cref="EvaluationReport.PixelMetricsSkipped"/> says why. Heat maps are written either way.</para>
/// </remarks>
public sealed class GraphEvaluator
{
    private readonly DistillGraph graph;
    private readonly EvaluationOptions options;
    private readonly ImagePreprocessing preprocessing;

    public GraphEvaluator(DistillGraph graph, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, nameof(options.BatchSize));
        GraphInput.CheckDevice(graph, options.Device);
        this.graph = graph;
        this.options = options;
        preprocessing = GraphInput.Preprocessing(graph);
    }

    /// <param name="testSamples">The labelled test images, e.g. <see cref="DatasetIndex.Test"/>.</param>
    /// <param name="run">What the report states beyond the graph (config hash, weights, seed, training time, threshold); null states nothing more.</param>
    /// <exception cref="DatasetException">An image or mask cannot be read and <see cref="EvaluationOptions.BadImages"/> is Stop.</exception>
    /// <exception cref="ReportNotWrittenException">The report or a heat map cannot be written; it carries the computed report.</exception>
    public EvaluationReport Evaluate(IReadOnlyList<DatasetSample> testSamples, RunInfo? run = null)
    {
        ArgumentNullException.ThrowIfNull(testSamples);
        if (testSamples.Count == 0) throw new ArgumentException("The test set has no images to evaluate.", nameof(testSamples));
        run ??= new RunInfo();
        var clock = Stopwatch.StartNew();

        bool pixelLevel = testSamples.Any(s => s.MaskPath is not null);
        string? heatmapFolder = options.OutputDirectory is null || !options.WriteHeatmaps ? null : Path.Combine(options.OutputDirectory, ReportLayout.HeatmapFolder);
        TestPass pass = ScoreAll(testSamples, keepMaps: pixelLevel || heatmapFolder is not null, pixelLevel);
        if (pass.Samples.Count == 0)
        {
            throw new InvalidOperationException($"No test image could be read; the first problem: {pass.Skipped[0].FileAtFault}: {pass.Skipped[0].Reason}");
        }

        ScoreSpec score = graph.Spec.Score;
        int side = preprocessing.Size;
        var scoring = new ScoringInfo(score.Kind, score.TopK, score.Normalization, side, side, pass.MapMinimum, pass.MapMaximum,
                                      ScoringInfo.Describe(graph.Spec.AnomalyMap.Normalization));
        string?[] heatmapFiles = heatmapFolder is null ? new string?[pass.Samples.Count] : HeatmapFileNames(pass.Samples);
        var images = new List<ScoredImage>(pass.Samples.Count);
        for (int i = 0; i < pass.Samples.Count; i++)
        {
            DatasetSample sample = pass.Samples[i];
            float raw = pass.RawScores[i];
            images.Add(new ScoredImage(sample.ImagePath, sample.DefectType, sample.IsAnomalous, scoring.ToReportedScale(raw), heatmapFiles[i], raw));
        }

        ImageMetrics imageMetrics = ImageMetrics.Compute(images.Select(s => s.Score).ToArray(), images.Select(s => s.IsAnomalous).ToArray());
        string? pixelSkipped = PixelMetricsSkipped.Reason(pass.Samples);
        PixelMetrics? pixelMetrics = pixelSkipped is null ? PixelMetricsOf(pass) : null;

        var timings = new RunTimings(run.TrainingSeconds, clock.Elapsed.TotalSeconds, Median(pass.MillisecondsPerImage), pass.UnfusedReason,
                                     pass.ChannelsLastRefused);
        var report = new EvaluationReport(
            graph.Spec.Name, run.ConfigHash ?? "unknown", run.WeightsSource ?? RunInfo.DescribeWeights(graph), run.Seed ?? graph.Options.Seed,
            images, imageMetrics, pixelMetrics, timings, MachineInfo.Describe(graph.Device.ToString(), get_num_threads()),
            run.Threshold, scoring, pass.Skipped) { PixelMetricsSkipped = pixelSkipped };
        if (options.OutputDirectory is not null) WriteFiles(report, pass, heatmapFolder is null ? null : heatmapFiles);
        return report;
    }

    /// <summary>Heat maps, then the report. A write failure (read-only or full folder, a path under a file) removes what
    /// this call wrote — its heat maps, every report file (a report half of this evaluation and half of an earlier one
    /// would be wrong) and the folders it created — and throws <see cref="ReportNotWrittenException"/> with the report, so
    /// the scoring is not lost.</summary>
    private void WriteFiles(EvaluationReport report, TestPass pass, string?[]? heatmapFiles)
    {
        string folder = options.OutputDirectory!;
        string heatmaps = Path.Combine(folder, ReportLayout.HeatmapFolder);
        string plots = Path.GetDirectoryName(ReportLayout.Standard.In(folder).RocCurvesPng)!;
        string[] createdFolders = new[] { heatmaps, plots, folder }.Where(f => !Directory.Exists(f)).ToArray();
        // A process killed while writing a report here left temporaries; this evaluation rewrites every file they were for.
        foreach (string f in new[] { folder, plots, heatmaps }) AtomicFile.DeleteStaleTemporariesIn(f);
        var written = new List<string>();
        try
        {
            if (heatmapFiles is not null) WriteHeatmaps(pass, heatmapFiles, written);
            ReportWriter.Write(report, folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportLayout files = ReportLayout.Standard.In(folder);
            RemoveQuietly(written.Concat([files.ScoresCsv, files.ReportJson, files.SummaryMarkdown, files.RocCurvesPng, files.ScoreHistogramPng]), createdFolders);
            throw new ReportNotWrittenException(report, folder, e);
        }
    }

    /// <summary>Best effort: the folder that refused the writes may refuse the deletes too.</summary>
    private static void RemoveQuietly(IEnumerable<string> files, string[] emptyFolders)
    {
        foreach (string file in files)
        {
            try { File.Delete(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* not there or not removable */ }
        }
        foreach (string folder in emptyFolders)
        {
            try { if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* not removable */ }
        }
    }

    /// <summary>What one pass over the test set keeps, in scoring order. Maps and masks are null unless asked for; a mask
    /// is null for an anomalous image without one (no pixel labels).</summary>
    private sealed class TestPass(bool keepMaps, bool keepMasks)
    {
        public List<DatasetSample> Samples { get; } = [];
        public List<float> RawScores { get; } = [];
        public List<float[]>? Maps { get; } = keepMaps ? [] : null;
        public List<float[]?>? Masks { get; } = keepMasks ? [] : null;
        public float MapMinimum { get; set; } = float.PositiveInfinity;
        public float MapMaximum { get; set; } = float.NegativeInfinity;
        public List<double> MillisecondsPerImage { get; } = [];
        public List<SkippedImage> Skipped { get; } = [];
        public string? UnfusedReason { get; set; }
        public string? ChannelsLastRefused { get; set; }
    }

    private TestPass ScoreAll(IReadOnlyList<DatasetSample> testSamples, bool keepMaps, bool pixelLevel)
    {
        var pass = new TestPass(keepMaps, pixelLevel);
        var stream = new BatchStream(testSamples, preprocessing, options.BatchSize, graph.Device, badSamples: options.BadImages,
            onProblem: p => pass.Skipped.Add(new SkippedImage(p.Sample.ImagePath, p.Path, p.Reason)));
        int pixels = preprocessing.Size * preprocessing.Size;
        float[] normalMask = new float[pixels]; // shared by every normal image without a mask file

        bool wasTraining = graph.training;
        graph.eval();
        using var scoring = new GraphScoring(graph);
        pass.UnfusedReason = scoring.UnfusedReason;
        pass.ChannelsLastRefused = scoring.ChannelsLastRefused;
        try
        {
            foreach (Batch batch in stream)
            {
                using (batch)
                {
                    var batchClock = Stopwatch.StartNew();
                    ScoredBatch scored = scoring.Run(batch.Images, keepMaps);
                    pass.MillisecondsPerImage.Add(batchClock.Elapsed.TotalMilliseconds / batch.Count);
                    pass.MapMinimum = Math.Min(pass.MapMinimum, scored.MapMinimum);
                    pass.MapMaximum = Math.Max(pass.MapMaximum, scored.MapMaximum);
                    float[]? masks = pixelLevel ? MaskValues(batch) : null;
                    for (int i = 0; i < batch.Count; i++)
                    {
                        DatasetSample sample = batch.Samples[i];
                        GraphScoring.CheckFinite(graph, scored.Scores[i], sample.ImagePath);
                        pass.Samples.Add(sample);
                        pass.RawScores.Add(scored.Scores[i]);
                        pass.Maps?.Add(scored.Maps![i]);
                        pass.Masks?.Add(sample.MaskPath is not null ? masks.AsSpan(i * pixels, pixels).ToArray() : sample.IsAnomalous ? null : normalMask);
                    }
                }
            }
        }
        finally
        {
            if (wasTraining) graph.train();
        }
        return pass;
    }

    private static float[] MaskValues(Batch batch)
    {
        using Tensor masks = batch.Masks.cpu();
        return masks.data<float>().ToArray();
    }

    private PixelMetrics? PixelMetricsOf(TestPass pass)
    {
        if (pass.Masks is null || pass.Samples.All(s => s.MaskPath is null)) return null;
        var maps = new List<float[]>();
        var masks = new List<float[]>();
        for (int i = 0; i < pass.Samples.Count; i++)
        {
            if (pass.Masks[i] is not float[] mask) continue; // not reached: PixelMetricsSkipped refuses anomalous images without a mask
            maps.Add(pass.Maps![i]);
            masks.Add(mask);
        }
        return PixelMetrics.Compute(maps, masks, preprocessing.Size, preprocessing.Size);
    }

    /// <summary>heatmaps/&lt;defect type&gt;_&lt;file stem&gt;.png, relative to the report folder; a name already taken gets _2, _3, ….</summary>
    private static string?[] HeatmapFileNames(IReadOnlyList<DatasetSample> samples)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new string?[samples.Count];
        for (int i = 0; i < samples.Count; i++)
        {
            string stem = $"{samples[i].DefectType}_{Path.GetFileNameWithoutExtension(samples[i].ImagePath)}";
            string name = stem;
            for (int copy = 2; !taken.Add(name); copy++) name = $"{stem}_{copy}";
            names[i] = Path.Combine(ReportLayout.HeatmapFolder, name + ".png");
        }
        return names;
    }

    /// <summary>Colours are scaled over the whole test set (blue = its lowest pixel, red = its highest), so a brighter map
    /// means a higher value in every picture.</summary>
    private void WriteHeatmaps(TestPass pass, string?[] files, List<string> written)
    {
        // One picture at a time: it resizes images with torch, and TorchSharp calls from several pool threads at once were
        // seen to fail inside LibTorch (see BatchStream).
        var pictures = new HeatmapPictures(preprocessing, options.MapsAtOriginalSize);
        for (int i = 0; i < pass.Samples.Count; i++)
        {
            DatasetSample sample = pass.Samples[i];
            string path = Path.Combine(options.OutputDirectory!, files[i]!);
            pictures.Write(path, sample.ImagePath, sample.MaskPath, pass.Maps![i], pass.MapMinimum, pass.MapMaximum);
            written.Add(path);
        }
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Metrics;
using DistillDsl.Spec.Model;

namespace DistillDsl.Inference;

/// <summary>Inference on new, unlabelled images with a trained graph: each image is read, resized to the graph's input
/// (RGB), mapped and scored on the graph's device, and called anomalous when its raw score is at or above the threshold
/// (<see cref="AnomalyThreshold"/>, chosen on normal validation scores and stated in every result).</summary>
/// <remarks>
/// <para>Scores are raw: <c>score.normalize: test_set_minmax</c> needs a whole labelled test set and does not apply to new
/// images, so the threshold must be on raw scores too (as one from normal validation scores is).</para>
/// <para>Map pictures (<see cref="Score"/>'s <c>mapFolder</c>): the image beside its map blended over it. For max and top-k-mean
/// scores the colours run from blue at 0 to red at the threshold, so red marks the pixels that make the image anomalous,
/// and the same colour means the same value in every picture. For sum scores, map pixels and the threshold are not on one
/// scale: each picture runs from 0 to its own highest pixel.</para>
/// </remarks>
public sealed class AnomalyDetector
{
    private readonly ImagePreprocessing preprocessing;
    private readonly Lazy<(string? Unfused, string? ChannelsLastRefused)> fusion;

    /// <param name="device">Where the graph runs: must be where it was built (<see cref="GraphBuildOptions.Device"/>); null: the graph's device.</param>
    public AnomalyDetector(DistillGraph graph, AnomalyThreshold threshold, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(threshold);
        GraphInput.CheckDevice(graph, device);
        Graph = graph;
        Threshold = threshold;
        preprocessing = GraphInput.Preprocessing(graph);
        fusion = new Lazy<(string? Unfused, string? ChannelsLastRefused)>(() =>
        {
            using var scoring = new GraphScoring(graph);
            return (scoring.UnfusedReason, scoring.ChannelsLastRefused);
        });
    }

    /// <summary>A detector from a training run's checkpoint (normally <c>best.ckpt</c>): the stored config's graph with its
    /// students, and the threshold chosen on its normal validation scores.</summary>
    /// <exception cref="Checkpoints.CheckpointException">The file is not a usable checkpoint, or it holds no threshold
    /// (a checkpoint written before training finished).</exception>
    public static AnomalyDetector FromCheckpoint(string checkpointPath, string device = "cpu")
    {
        var checkpoint = Checkpoints.DistillCheckpoint.Read(checkpointPath);
        AnomalyThreshold threshold = checkpoint.Threshold ?? throw new Checkpoints.CheckpointException(checkpointPath,
            "it holds no anomaly threshold: only a finished run's best checkpoint has one (it is chosen on normal validation scores)");
        return new AnomalyDetector(checkpoint.BuildGraph(new GraphBuildOptions { Device = device }), threshold, device);
    }

    public DistillGraph Graph { get; }

    public AnomalyThreshold Threshold { get; }

    /// <summary>Why the graph is scored through its own modules instead of the fused fast path (the fusion's message,
    /// naming the module: same maps, slower); null when it is fused. Found on first use, by one fusion of the graph.</summary>
    public string? UnfusedReason => fusion.Value.Unfused;

    /// <summary>Why the fused path runs NCHW instead of channels-last on this machine (LibTorch's channels-last convolutions
    /// are wrong here: same maps, slower); null when it runs channels-last or unfused. Found with <see cref="UnfusedReason"/>.</summary>
    public string? ChannelsLastRefused => fusion.Value.ChannelsLastRefused;

    /// <summary>Images per forward pass; results do not depend on it.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Draw map pictures at each image's original size (the map resized back bilinearly, over the original image)
    /// instead of the graph's input size.</summary>
    public bool MapsAtOriginalSize { get; init; }

    /// <summary>Scores the images lazily, a batch at a time, in the order given.</summary>
    /// <param name="mapFolder">Where to write one map picture per image (<c>&lt;file stem&gt;.png</c>, _2, _3, … for repeated
    /// stems); null writes none.</param>
    /// <param name="onBadImage">Called with the path and the error (a <see cref="DatasetException"/> naming the file and the
    /// reason) for an image that cannot be read; that image gets no result and the others go on. Null: the error is thrown.</param>
    /// <param name="onMapNotWritten">Called once, with the picture's path and the error, when a map picture cannot be written
    /// (a read-only or full folder, a path under a file); scoring goes on without pictures (MapPath null from then on), since
    /// the next one would fail the same way. Null: the error is thrown.</param>
    public IEnumerable<InferenceResult> Score(IEnumerable<string> imagePaths, string? mapFolder = null, Action<string, Exception>? onBadImage = null,
                                              Action<string, Exception>? onMapNotWritten = null)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        return ScoreLazily(imagePaths, mapFolder, onBadImage, onMapNotWritten);
    }

    private IEnumerable<InferenceResult> ScoreLazily(IEnumerable<string> imagePaths, string? mapFolder, Action<string, Exception>? onBadImage,
                                                     Action<string, Exception>? onMapNotWritten)
    {
        var pictures = mapFolder is null ? null : new HeatmapPictures(preprocessing, MapsAtOriginalSize);
        var takenNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool wasTraining = Graph.training;
        Graph.eval();
        using var scoring = new GraphScoring(Graph);
        try
        {
            foreach (string[] chunk in imagePaths.Chunk(BatchSize))
            {
                // Unlabelled samples through the dataset stream: decoding in parallel, and bad files reported, not thrown.
                DatasetSample[] samples = chunk.Select(path => new DatasetSample(path, null, false, "")).ToArray();
                var stream = new BatchStream(samples, preprocessing, BatchSize, Graph.Device,
                    badSamples: onBadImage is null ? BadSamplePolicy.Stop : BadSamplePolicy.SkipAndReport,
                    onProblem: problem => onBadImage!(problem.Sample.ImagePath, new DatasetException(problem.Path, problem.Reason)),
                    prefetch: false);
                foreach (Batch batch in stream)
                {
                    ScoredBatch scored;
                    using (batch) scored = scoring.Run(batch.Images, copyMaps: pictures is not null);
                    for (int i = 0; i < batch.Count; i++)
                    {
                        string path = batch.Samples[i].ImagePath;
                        float score = scored.Scores[i];
                        GraphScoring.CheckFinite(Graph, score, path);
                        string? mapPath = null;
                        if (pictures is not null)
                        {
                            mapPath = Path.Combine(mapFolder!, UniqueName(path, takenNames) + ".png");
                            float[] map = scored.Maps![i];
                            try
                            {
                                pictures.Write(mapPath, path, maskPath: null, map, 0f, ColourMaximum(map));
                            }
                            catch (Exception e) when (onMapNotWritten is not null && e is IOException or UnauthorizedAccessException)
                            {
                                onMapNotWritten(mapPath, e);
                                mapPath = null;
                                pictures = null;
                            }
                        }
                        yield return new InferenceResult(path, score, Threshold.IsAnomalous(score), Threshold.Value, mapPath, Threshold.Description);
                    }
                }
            }
        }
        finally
        {
            if (wasTraining) Graph.train();
        }
    }

    private float ColourMaximum(float[] map) => Graph.Spec.Score.Kind == ScoreKind.Sum ? map.Max() : Threshold.Value;

    private static string UniqueName(string imagePath, HashSet<string> taken)
    {
        string stem = Path.GetFileNameWithoutExtension(imagePath);
        string name = stem;
        for (int copy = 2; !taken.Add(name); copy++) name = $"{stem}_{copy}";
        return name;
    }
}

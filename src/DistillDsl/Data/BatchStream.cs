using System.Collections;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Data;

/// <summary>Streams samples as batches: files are read only when their batch is built, the images of a batch are decoded
/// in parallel, and (with prefetch) the next batch is built on a background task while the caller uses the current one.
/// At most two batches are in memory. Each <see cref="Batch"/> belongs to the caller, who disposes it.</summary>
/// <remarks>Without a shuffle seed, batches follow the sample order. With one, <c>Epoch(k)</c> uses its own permutation
/// drawn from (seed, k) by <see cref="DeterministicRandom"/>, so runs are reproducible and a resumed run can continue
/// at its epoch; enumerating the stream itself is <c>Epoch(0)</c>. Problems are reported on the enumerating thread, in
/// sample order within a batch.</remarks>
public sealed class BatchStream : IEnumerable<Batch>
{
    private const long ShuffleStream = 0x5407;
    private readonly IReadOnlyList<DatasetSample> _samples;
    private readonly ImagePreprocessing _preprocessing;
    private readonly Device _device;
    private readonly int? _shuffleSeed;
    private readonly BadSamplePolicy _badSamples;
    private readonly Action<SampleProblem>? _onProblem;
    private readonly bool _prefetch;
    private readonly List<SampleProblem> _problems = [];

    /// <param name="device">Where the batch tensors go; the CPU when null.</param>
    /// <param name="shuffleSeed">Null keeps the sample order; a value shuffles each epoch reproducibly.</param>
    /// <param name="onProblem">Called for each skipped sample under <see cref="BadSamplePolicy.SkipAndReport"/>.</param>
    /// <param name="prefetch">Build the next batch on a background task.</param>
    public BatchStream(IReadOnlyList<DatasetSample> samples, ImagePreprocessing preprocessing, int batchSize, Device? device = null,
                       int? shuffleSeed = null, BadSamplePolicy badSamples = BadSamplePolicy.Stop,
                       Action<SampleProblem>? onProblem = null, bool prefetch = true)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _samples = samples;
        _preprocessing = preprocessing;
        BatchSize = batchSize;
        _device = device ?? CPU;
        _shuffleSeed = shuffleSeed;
        _badSamples = badSamples;
        _onProblem = onProblem;
        _prefetch = prefetch;
    }

    public int BatchSize { get; }

    /// <summary>How the files become tensors (size and teacher normalisation; without one, batches are RGB in [0, 1]).</summary>
    public ImagePreprocessing Preprocessing => _preprocessing;

    public int SampleCount => _samples.Count;

    /// <summary>Batches per epoch when no sample is skipped (the last one may be smaller).</summary>
    public int BatchCount => (_samples.Count + BatchSize - 1) / BatchSize;

    /// <summary>Samples skipped so far, over all epochs.</summary>
    public IReadOnlyList<SampleProblem> Problems => _problems;

    public IEnumerator<Batch> GetEnumerator() => Epoch(0).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The batches of one pass over the samples, in that epoch's order.</summary>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        var cursor = new Cursor(EpochOrder(_samples.Count, _shuffleSeed, epoch));

        Task<BuiltBatch>? pending = null;
        try
        {
            while (true)
            {
                BuiltBatch built = pending is null ? BuildNext(cursor) : pending.GetAwaiter().GetResult();
                pending = null;
                Report(built.Problems);
                if (built.Batch is null) yield break;
                if (_prefetch && !cursor.Done) pending = Task.Run(() => BuildNext(cursor));
                yield return built.Batch;
            }
        }
        finally
        {
            // The caller stopped early: wait for the batch being built and free it.
            if (pending is not null)
            {
                try { pending.GetAwaiter().GetResult().Batch?.Dispose(); }
                catch (DatasetException) { /* the caller has left; the error would have come with the next batch */ }
            }
        }
    }

    /// <summary>The sample indices of one epoch, in the order a stream with this shuffle seed takes them; shared with the
    /// training cache so that cached and streamed epochs see the same batches.</summary>
    internal static int[] EpochOrder(int count, int? shuffleSeed, int epoch)
    {
        int[] order = Enumerable.Range(0, count).ToArray();
        if (shuffleSeed is int seed) DeterministicRandom.ForStream(seed, ShuffleStream, epoch).Shuffle(order);
        return order;
    }

    private void Report(List<SampleProblem> problems)
    {
        foreach (SampleProblem problem in problems)
        {
            _problems.Add(problem);
            _onProblem?.Invoke(problem);
        }
    }

    /// <summary>Loads samples from the cursor until the batch is full or the samples run out; skipped samples are
    /// replaced by the following ones. Batch is null when no sample was left.</summary>
    private BuiltBatch BuildNext(Cursor cursor)
    {
        using var scope = NewDisposeScope();
        var images = new List<Tensor>(BatchSize);
        var masks = new List<Tensor>(BatchSize);
        var batchSamples = new List<DatasetSample>(BatchSize);
        var problems = new List<SampleProblem>();

        while (batchSamples.Count < BatchSize && !cursor.Done)
        {
            DatasetSample[] chunk = cursor.Take(BatchSize - batchSamples.Count).Select(i => _samples[i]).ToArray();
            // Files are decoded in parallel, but tensors are made on this thread only: TorchSharp calls from several
            // pool threads at once were seen to fail inside LibTorch (a corrupted scalar) after a few epochs.
            var decoded = new DecodedSample?[chunk.Length];
            var errors = new DatasetException?[chunk.Length];
            Parallel.For(0, chunk.Length, i =>
            {
                try { decoded[i] = ImagePreprocessing.ReadSample(chunk[i]); }
                catch (DatasetException e) { errors[i] = e; }
            });

            for (int i = 0; i < chunk.Length; i++)
            {
                if (errors[i] is DatasetException error)
                {
                    if (_badSamples == BadSamplePolicy.Stop) throw error;
                    problems.Add(new SampleProblem(chunk[i], error.Path, error.Reason));
                    continue;
                }
                var (rgb, mask) = _preprocessing.ToTensors(decoded[i]!);
                images.Add(rgb);
                masks.Add(mask);
                batchSamples.Add(chunk[i]);
            }
        }
        if (batchSamples.Count == 0) return new BuiltBatch(null, problems);

        Tensor rgbBatch = stack(images).to(_device);
        Tensor imageBatch = _preprocessing.Normalization?.Apply(rgbBatch) ?? rgbBatch;
        Tensor maskBatch = stack(masks).to(_device);
        scope.MoveToOuter(imageBatch, maskBatch);
        return new BuiltBatch(new Batch(imageBatch, maskBatch, batchSamples), problems);
    }

    private sealed record BuiltBatch(Batch? Batch, List<SampleProblem> Problems);

    /// <summary>Position in an epoch's order; used by one batch build at a time.</summary>
    private sealed class Cursor(int[] order)
    {
        private int _position;

        public bool Done => _position >= order.Length;

        public ArraySegment<int> Take(int count)
        {
            int taken = Math.Min(count, order.Length - _position);
            var segment = new ArraySegment<int>(order, _position, taken);
            _position += taken;
            return segment;
        }
    }
}

using System.Globalization;
using DistillDsl.Data;
using DistillDsl.Graphs;
using static TorchSharp.torch;

namespace DistillDsl.Training.Cache;

/// <summary>The decoded, resized images of one sample list (training or validation) and (unless the teachers must see
/// augmented images, which differ every epoch) the frozen teachers' pooled taps of each, computed once per run instead
/// of once per epoch. In memory when they fit the budget; otherwise in files mapped
/// into memory under the run folder, which a resumed run reuses when their manifest matches (<see cref="CacheKey"/>).</summary>
/// <remarks>Batches come in the order a <see cref="BatchStream"/> with the same shuffle seed gives, so a cached epoch sees
/// the batches an uncached one sees.</remarks>
internal sealed class TrainingCache : IDisposable
{
    private RecordStore images;
    private List<List<RecordStore>> taps;

    private TrainingCache(RecordStore images, List<List<RecordStore>> taps, string? folder, bool reused)
    {
        this.images = images;
        this.taps = taps;
        Folder = folder;
        Reused = reused;
    }

    /// <summary>The samples the cache holds, in record order: the given ones less those that could not be read.</summary>
    public IReadOnlyList<DatasetSample> Samples { get; private set; } = [];


    public int Count => (int)images.Count;

    /// <summary>The folder of the mapped files; null when the cache is in memory.</summary>
    public string? Folder { get; }

    /// <summary>True when the files of an earlier session were used as they were.</summary>
    public bool Reused { get; }

    public long Bytes => AllStores.Sum(s => RecordStore.BytesOf(s.Count, s.RecordShape, s.StoredType));

    /// <summary>For people: where the cache is and how large.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"{Count} images, {Bytes / (1024.0 * 1024):F0} MiB {(Folder is null ? "in memory" : $"in {Folder}{(Reused ? " (reused)" : "")}")}");

    private IEnumerable<RecordStore> AllStores => taps.SelectMany(t => t).Prepend(images);

    /// <summary>Reuses the valid cache in <paramref name="folder"/> or builds a new one (in memory within
    /// <paramref name="memoryBudget"/> bytes, else in <paramref name="folder"/>). Null when cancelled.</summary>
    /// <param name="progress">(batch, batches) after each batch built.</param>
    /// <param name="notice">Why a stored cache was not used, for the run's log.</param>
    /// <param name="teacherTaps">False: images only (the training set of an augmented run).</param>
    /// <param name="badImages">Stop: an unreadable image throws its <see cref="DatasetException"/> (also one a reused cache
    /// left out). SkipAndReport: it is left out of the cache and listed in <see cref="Problems"/> (and in the manifest, so a
    /// reused cache leaves out the same ones).</param>
    /// <param name="problems">The samples left out because a file could not be read (under SkipAndReport).</param>
    /// <returns>Null when cancelled, or when no image at all could be read (then <paramref name="problems"/> lists them all).</returns>
    public static TrainingCache? Build(IReadOnlyList<DatasetSample> samples, DistillGraph graph, TrainingForward forward, int imageSize, int batchSize,
                                       CachePrecision precision, string key, string folder, long memoryBudget,
                                       Action<int, int>? progress, Action<string>? notice, CancellationToken cancellation, bool teacherTaps,
                                       BadSamplePolicy badImages, out IReadOnlyList<SampleProblem> problems)
    {
        var (manifest, reason) = CacheManifest.ReadValid(folder, key);
        if (manifest is not null && Reusable(manifest, folder, samples, badImages, out problems) is TrainingCache reused) return reused;
        if (manifest is not null) reason = "its image list does not match the run's";
        if (Directory.Exists(folder))
        {
            notice?.Invoke($"The training cache in {folder} is rebuilt: {reason}.");
            Directory.Delete(folder, recursive: true);
        }

        var included = new List<DatasetSample>(samples.Count);
        var found = new List<SampleProblem>();
        problems = found;
        var stream = new BatchStream(samples, ImagePreprocessing.Rgb(imageSize), batchSize, graph.Device, badSamples: badImages, onProblem: found.Add);
        ScalarType tapType = precision == CachePrecision.Float16 ? ScalarType.Float16 : ScalarType.Float32;
        TrainingCache? cache = null;
        try
        {
            long start = 0;
            int batch = 0;
            foreach (Batch data in stream)
            {
                using (data)
                {
                    if (cancellation.IsCancellationRequested)
                    {
                        cache?.Dispose();
                        return null;
                    }
                    using var scope = NewDisposeScope();
                    List<List<Tensor>> taps = teacherTaps ? forward.TeacherTaps(data.Images) : [];
                    cache ??= Allocate(samples.Count, imageSize, taps, tapType, folder, memoryBudget, graph);
                    cache.images.Write(start, data.Images);
                    for (int b = 0; b < taps.Count; b++)
                    {
                        for (int t = 0; t < taps[b].Count; t++) cache.taps[b][t].Write(start, taps[b][t]);
                    }
                    start += data.Count;
                    included.AddRange(data.Samples);
                }
                progress?.Invoke(++batch, stream.BatchCount);
            }
            if (cache is null)
            {
                if (found.Count > 0) return null;
                throw new ArgumentException("There are no images to cache.", nameof(samples));
            }
            if (included.Count < cache.Count) cache.Truncate(included.Count);
            cache.Samples = included;
            if (cache.Folder is not null) cache.WriteManifest(key, found);
            return cache;
        }
        catch
        {
            cache?.Dispose();
            throw;
        }
    }

    /// <summary>The batches of one epoch, in <see cref="BatchStream"/>'s order for the same seed, on the device.</summary>
    public IEnumerable<TrainingBatch> Epoch(int epoch, int? shuffleSeed, int batchSize, Device device)
    {
        int[] order = BatchStream.EpochOrder(Count, shuffleSeed, epoch);
        for (int first = 0; first < order.Length; first += batchSize)
        {
            long[] chosen = order.Skip(first).Take(batchSize).Select(i => (long)i).ToArray();
            using Tensor indices = tensor(chosen, dtype: ScalarType.Int64);
            Tensor batchImages = images.Gather(indices, device);
            var batchTaps = taps.Count == 0 ? null
                : taps.Select(branch => (IReadOnlyList<Tensor>)branch.Select(store => store.Gather(indices, device)).ToList()).ToList();
            yield return TrainingBatch.Cached(batchImages, batchTaps);
        }
    }

    public void Dispose()
    {
        foreach (RecordStore store in AllStores) store.Dispose();
    }

    private static TrainingCache Allocate(long count, int imageSize, List<List<Tensor>> firstTaps, ScalarType tapType, string folder,
                                          long memoryBudget, DistillGraph graph)
    {
        long[] imageShape = [3, imageSize, imageSize];
        var tapShapes = firstTaps.Select(branch => branch.Select(t => t.shape.Skip(1).ToArray()).ToList()).ToList();
        long bytes = RecordStore.BytesOf(count, imageShape, ScalarType.Float32)
                   + tapShapes.SelectMany(s => s).Sum(shape => RecordStore.BytesOf(count, shape, tapType));
        bool inMemory = bytes <= memoryBudget;
        if (!inMemory) Directory.CreateDirectory(folder);

        RecordStore Store(string name, long[] shape, ScalarType type) => inMemory
            ? RecordStore.InMemory(count, shape, type)
            : RecordStore.CreateFile(Path.Combine(folder, name), count, shape, type);

        var stores = new List<RecordStore>();
        try
        {
            RecordStore imageStore = Store(ImagesFile, imageShape, ScalarType.Float32);
            stores.Add(imageStore);
            var tapStores = new List<List<RecordStore>>();
            for (int b = 0; b < tapShapes.Count; b++)
            {
                var branchStores = new List<RecordStore>();
                for (int t = 0; t < tapShapes[b].Count; t++)
                {
                    RecordStore store = Store(TapFile(graph.Branches[b], t), tapShapes[b][t], tapType);
                    store.GatherChannelsLast = IsChannelsLast(firstTaps[b][t]);
                    stores.Add(store);
                    branchStores.Add(store);
                }
                tapStores.Add(branchStores);
            }
            return new TrainingCache(imageStore, tapStores, inMemory ? null : folder, reused: false);
        }
        catch
        {
            foreach (RecordStore store in stores) store.Dispose();
            throw;
        }
    }

    /// <summary>The stored cache when the samples it left out are still exactly the difference to the run's list; under
    /// Stop a left-out image is the error it was. Null when it does not fit.</summary>
    private static TrainingCache? Reusable(CacheManifest manifest, string folder, IReadOnlyList<DatasetSample> samples, BadSamplePolicy badImages,
                                           out IReadOnlyList<SampleProblem> problems)
    {
        problems = [];
        IReadOnlyList<CacheManifest.SkippedEntry> skipped = manifest.Skipped ?? [];
        var skippedImages = skipped.Select(e => e.Image).ToHashSet(StringComparer.Ordinal);
        var included = samples.Where(s => !skippedImages.Contains(s.ImagePath)).ToList();
        if (included.Count != manifest.Count || included.Count + skipped.Count != samples.Count) return null;
        if (skipped.Count > 0 && badImages == BadSamplePolicy.Stop) throw new DatasetException(skipped[0].File, skipped[0].Reason);
        TrainingCache cache = Open(manifest, folder);
        cache.Samples = included;
        problems = skipped.Select(e => new SampleProblem(samples.First(s => s.ImagePath == e.Image), e.File, e.Reason)).ToList();
        return cache;
    }

    private static TrainingCache Open(CacheManifest manifest, string folder)
    {
        var stores = manifest.Entries.Select(e =>
        {
            RecordStore store = RecordStore.OpenFile(Path.Combine(folder, e.File), manifest.Count, e.Shape, Enum.Parse<ScalarType>(e.Type));
            store.GatherChannelsLast = e.ChannelsLast;
            return (e.File, Store: store);
        }).ToList();
        RecordStore imageStore = stores.Single(s => s.File == ImagesFile).Store;
        // Tap files are listed teacher by teacher, tap by tap, as they were written.
        var tapStores = stores.Where(s => s.File != ImagesFile)
            .GroupBy(s => s.File.Split('.')[0])
            .Select(g => g.Select(s => s.Store).ToList()).ToList();
        return new TrainingCache(imageStore, tapStores, folder, reused: true);
    }

    private void WriteManifest(string key, IReadOnlyList<SampleProblem> problems)
    {
        var entries = AllStores.Select(s => new CacheManifest.Entry(Path.GetFileName(s.FilePath!), s.RecordShape, s.StoredType.ToString(),
                                                                    s.GatherChannelsLast, CacheManifest.Sha256Of(s.FilePath!))).ToList();
        var skipped = problems.Select(p => new CacheManifest.SkippedEntry(p.Sample.ImagePath, p.Path, p.Reason)).ToList();
        new CacheManifest(key, Count, entries, skipped).Write(Folder!);
    }

    /// <summary>Cuts every store to the first <paramref name="count"/> records.</summary>
    private void Truncate(long count)
    {
        images = images.Truncate(count);
        taps = taps.Select(branch => branch.Select(store => store.Truncate(count)).ToList()).ToList();
    }

    private const string ImagesFile = "images.bin";

    private static string TapFile(DistillBranch branch, int tap) => $"{branch.Name}.{tap:00}.{branch.Spec.Taps[tap].Name}.bin";

    /// <summary>NHWC strides on a 4-d tensor that is not also plain contiguous (a 1 × 1 map is both).</summary>
    private static bool IsChannelsLast(Tensor t)
    {
        if (t.dim() != 4 || t.is_contiguous()) return false;
        long[] s = t.stride();
        long c = t.shape[1], w = t.shape[3];
        return s[1] == 1 && s[3] == c && s[2] == c * w;
    }
}

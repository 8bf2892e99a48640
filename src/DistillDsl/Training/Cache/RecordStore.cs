using DistillDsl.Fusion;
using static TorchSharp.torch;

namespace DistillDsl.Training.Cache;

/// <summary>A fixed number of same-shape records (one image, or one teacher tap of one image) in one tensor [N, ...]: in
/// memory, or in a file mapped into memory, so that a cache larger than its memory budget is paged by the operating
/// system instead of filling the process.</summary>
internal sealed class RecordStore : IDisposable
{
    private readonly Tensor data;

    private RecordStore(Tensor data, long[] recordShape, ScalarType storedType, string? filePath)
    {
        // The store outlives any per-batch dispose scope it may be made in.
        this.data = data.DetachFromDisposeScope();
        RecordShape = recordShape;
        StoredType = storedType;
        FilePath = filePath;
    }

    /// <summary>The shape of one record, e.g. [C, h, w].</summary>
    public long[] RecordShape { get; }

    public ScalarType StoredType { get; }

    /// <summary>The mapped file; null in memory.</summary>
    public string? FilePath { get; }

    public long Count => data.shape[0];

    /// <summary>Whether gathered records are given in channels-last memory format (as the uncached pass produced them), so
    /// that the arithmetic applied to them is the same.</summary>
    public bool GatherChannelsLast { get; set; }

    public static long BytesOf(long count, long[] recordShape, ScalarType type) =>
        count * recordShape.Aggregate(1L, (a, b) => a * b) * ElementSize(type);

    public static RecordStore InMemory(long count, long[] recordShape, ScalarType type) =>
        new(zeros([count, .. recordShape], dtype: type), recordShape, type, null);

    /// <summary>A new file of the right length, zero-filled, mapped shared: records written go to the file.</summary>
    public static RecordStore CreateFile(string path, long count, long[] recordShape, ScalarType type)
    {
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write)) file.SetLength(BytesOf(count, recordShape, type));
        return OpenFile(path, count, recordShape, type);
    }

    /// <summary>An existing file of records (its length was checked by the caller).</summary>
    public static RecordStore OpenFile(string path, long count, long[] recordShape, ScalarType type)
    {
        long elements = count * recordShape.Aggregate(1L, (a, b) => a * b);
        Tensor flat = from_file(path, shared: true, size: elements, dtype: type);
        Tensor shaped = flat.view([count, .. recordShape]);
        flat.Dispose();
        return new RecordStore(shaped, recordShape, type, path);
    }

    /// <summary>The first <paramref name="count"/> records as a store of their own (this one is disposed): a cache whose
    /// build left unreadable images out holds fewer records than it was made for. A file is cut to that length.</summary>
    public RecordStore Truncate(long count)
    {
        if (count == Count) return this;
        if (FilePath is null)
        {
            var kept = new RecordStore(data.narrow(0, 0, count), RecordShape, StoredType, null) { GatherChannelsLast = GatherChannelsLast };
            data.Dispose();
            return kept;
        }
        data.Dispose();
        using (var file = new FileStream(FilePath, FileMode.Open, FileAccess.Write)) file.SetLength(BytesOf(count, RecordShape, StoredType));
        RecordStore reopened = OpenFile(FilePath, count, RecordShape, StoredType);
        reopened.GatherChannelsLast = GatherChannelsLast;
        return reopened;
    }

    /// <summary>Stores records [start, start + B) from a batch [B, ...] of any device, dtype and memory format.</summary>
    public void Write(long start, Tensor batch)
    {
        using Tensor slice = data.narrow(0, start, batch.shape[0]);
        using Tensor cpu = batch.detach().to(CPU);
        slice.copy_(cpu);
    }

    /// <summary>The records at <paramref name="indices"/> (a CPU int64 tensor) as one float32 tensor on the device.</summary>
    public Tensor Gather(Tensor indices, Device device)
    {
        using var scope = NewDisposeScope();
        Tensor records = data.index_select(0, indices);
        if (StoredType != ScalarType.Float32) records = records.to(ScalarType.Float32);
        records = records.to(device);
        if (GatherChannelsLast && records.dim() == 4) records = MemoryLayout.ChannelsLast(records);
        return records.MoveToOuterDisposeScope();
    }

    public void Dispose() => data.Dispose();

    private static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float32 => 4,
        ScalarType.Float16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "records are float32 or float16"),
    };
}

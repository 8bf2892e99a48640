using static TorchSharp.torch;

namespace DistillDsl.Weights.Torchvision;

/// <summary>Copies a checkpoint's tensors into a module whose state-dict names match, strictly: every missing key,
/// unexpected key and shape mismatch is reported in one <see cref="WeightsException"/>, and nothing is copied unless
/// everything fits.</summary>
public static class StateDictLoader
{
    private const int MaxListed = 12;
    private const string NumBatchesTracked = "num_batches_tracked";

    /// <summary>Reads <paramref name="path"/> (.pth or .safetensors) and loads it into <paramref name="module"/>,
    /// on the module's device and in its dtypes. A hash prefix in the file name is verified first.</summary>
    /// <returns>The number of tensors loaded.</returns>
    public static int Load(nn.Module module, string path)
    {
        if (!File.Exists(path)) throw new WeightsException($"Checkpoint '{path}' does not exist.", path);
        CheckpointHash.Verify(path);
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> source = StateDictFile.Read(path);
        return Load(module, source, path);
    }

    /// <summary>Loads an in-memory state dict; <paramref name="path"/> is only used in messages.</summary>
    public static int Load(nn.Module module, IReadOnlyDictionary<string, Tensor> source, string path)
    {
        Dictionary<string, Tensor> target = module.state_dict();

        // Missing keys keep the module's order; the others are sorted, as files do not keep theirs (PyBridge reads a hash table).
        // Batch norm's num_batches_tracked only matters with momentum = None; PyTorch accepts checkpoints saved before
        // it existed, so its absence is not an error and the module keeps its own count.
        List<string> missing = target.Keys.Where(k => !source.ContainsKey(k) && !k.EndsWith(NumBatchesTracked, StringComparison.Ordinal)).ToList();
        List<string> unexpected = source.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        List<string> wrongShapes = source
            .Where(entry => target.TryGetValue(entry.Key, out Tensor? t) && !t.shape.SequenceEqual(entry.Value.shape))
            .Select(entry => $"{entry.Key} (file {ShapeText(entry.Value.shape)}, module {ShapeText(target[entry.Key].shape)})")
            .Order(StringComparer.Ordinal)
            .ToList();

        if (missing.Count + unexpected.Count + wrongShapes.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"{missing.Count} missing (in the module, not in the file): {List(missing)}");
            if (unexpected.Count > 0) problems.Add($"{unexpected.Count} unexpected (in the file, not in the module): {List(unexpected)}");
            if (wrongShapes.Count > 0) problems.Add($"{wrongShapes.Count} with the wrong shape: {List(wrongShapes)}");
            throw new WeightsException(
                $"Checkpoint '{path}' does not fit {module.GetName()} ({source.Count} tensors in the file, {target.Count} in the module). " +
                string.Join("; ", problems) + ".",
                path);
        }

        using (no_grad())
        {
            foreach ((string name, Tensor tensor) in source)
            {
                target[name].copy_(tensor);
            }
        }
        return source.Count;
    }

    private static string ShapeText(long[] shape) => $"[{string.Join(", ", shape)}]";

    private static string List(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(MaxListed)) + (items.Count > MaxListed ? $", … and {items.Count - MaxListed} more" : "");
}

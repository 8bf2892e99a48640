using System.Collections;
using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DistillDsl.Weights.Torchvision;

/// <summary>Reads a state dict (name → tensor) from a <c>torch.save</c> file (zip format, PyTorch ≥ 1.6) or a
/// <c>.safetensors</c> file, with TorchSharp.PyBridge. Anything else, or a damaged file, is a
/// <see cref="WeightsException"/> naming the file and the reason.</summary>
public static class StateDictFile
{
    public const string SafetensorsExtension = ".safetensors";

    /// <summary>The tensors, on the CPU. They (and anything else the file held) belong to the caller's dispose scope;
    /// read inside one.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new WeightsException($"Checkpoint '{path}' does not exist.", path);
        }
        return Path.GetExtension(path).Equals(SafetensorsExtension, StringComparison.OrdinalIgnoreCase)
            ? ReadSafetensors(path)
            : ReadTorchSave(path);
    }

    private static Dictionary<string, Tensor> ReadTorchSave(string path)
    {
        CheckTorchSaveMagic(path);
        Hashtable entries;
        try
        {
            entries = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new WeightsException(
                $"Checkpoint '{path}' could not be read as a torch.save state dict (the file may be truncated or corrupt, " +
                $"or hold a whole pickled model instead of model.state_dict()): {error.Message}",
                path, innerException: error);
        }

        var stateDict = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in entries)
        {
            if (entry.Key is not string name || entry.Value is not Tensor tensor)
            {
                throw new WeightsException(
                    $"Checkpoint '{path}' is not a plain state dict: entry '{entry.Key}' holds {Describe(entry.Value)}, not a tensor. " +
                    "Save the model's weights with torch.save(model.state_dict(), file) (for a training checkpoint, its state-dict entry).",
                    path);
            }
            stateDict[name] = tensor;
        }
        return stateDict;
    }

    private static void CheckTorchSaveMagic(string path)
    {
        Span<byte> start = stackalloc byte[4];
        int read;
        using (FileStream stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }
        // torch.save writes a zip archive; before PyTorch 1.6 it wrote a bare pickle (protocol 2 starts with 0x80 0x02).
        if (read == 4 && start.SequenceEqual("PK\u0003\u0004"u8)) return;
        if (read >= 2 && start[0] == 0x80 && start[1] == 0x02)
        {
            throw new WeightsException(
                $"Checkpoint '{path}' uses the legacy torch.save format of PyTorch < 1.6, which cannot be read here. " +
                "Re-save it with PyTorch ≥ 1.6: torch.save(torch.load(old_file), new_file).",
                path);
        }
        throw new WeightsException(
            $"Checkpoint '{path}' is not a torch.save file (no zip header; {read} byte(s) read). It may be empty, truncated or " +
            $"another format; safetensors files must end in '{SafetensorsExtension}'.",
            path);
    }

    private static Dictionary<string, Tensor> ReadSafetensors(string path)
    {
        CheckSafetensorsLayout(path);
        try
        {
            return Safetensors.LoadStateDict(path);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new WeightsException($"Checkpoint '{path}' could not be read as safetensors: {error.Message}", path, innerException: error);
        }
    }

    /// <summary>Checks the header against the file length before reading, so a truncated file is reported as such.
    /// Layout: 8-byte little-endian header length, a JSON header of {name: {dtype, shape, data_offsets}}, then the data.</summary>
    private static void CheckSafetensorsLayout(string path)
    {
        long fileLength = new FileInfo(path).Length;
        using FileStream stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
        {
            throw Corrupt(path, $"the file has only {fileLength} byte(s), fewer than the 8-byte header length");
        }
        ulong headerLength = BitConverter.ToUInt64(lengthBytes);
        if (!BitConverter.IsLittleEndian) headerLength = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(headerLength);
        if (headerLength > (ulong)(fileLength - 8))
        {
            throw Corrupt(path, $"the header claims {headerLength} bytes but the file has {fileLength} bytes in all");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataEnd = 0;
        try
        {
            using JsonDocument json = JsonDocument.Parse(header);
            foreach (JsonProperty tensor in json.RootElement.EnumerateObject())
            {
                if (tensor.Name == "__metadata__") continue;
                JsonElement offsets = tensor.Value.GetProperty("data_offsets");
                dataEnd = Math.Max(dataEnd, offsets[1].GetInt64());
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw Corrupt(path, $"the header is not valid safetensors JSON ({error.Message})");
        }

        long dataLength = fileLength - 8 - (long)headerLength;
        if (dataEnd > dataLength)
        {
            throw Corrupt(path, $"the header needs {dataEnd} bytes of tensor data but only {dataLength} follow it (truncated file?)");
        }
    }

    private static WeightsException Corrupt(string path, string reason) =>
        new($"Checkpoint '{path}' is not a valid safetensors file: {reason}.", path);

    private static string Describe(object? value) => value switch
    {
        null => "nothing (None)",
        Hashtable table => $"a dictionary with keys {string.Join(", ", table.Keys.Cast<object>().Take(5))}",
        _ => $"a {value.GetType().Name} ({value})",
    };
}

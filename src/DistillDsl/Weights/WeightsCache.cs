using DistillDsl.IO;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Weights;

/// <summary>Converted weights kept on disk, so that a conversion runs once per machine.
/// A cache file holds a module's state dict as safetensors: an 8-byte little-endian header length, a JSON header
/// (name → dtype, shape, data offsets), then the raw little-endian tensor data. It is written deterministically
/// (entries sorted by name, nothing time- or machine-dependent), so converting twice gives the same bytes.</summary>
public static class WeightsCache
{
    /// <summary>Environment variable naming the DistillDsl cache root; weights go to its <c>weights</c> folder.</summary>
    public const string CacheRootVariable = "DISTILLDSL_CACHE";

    /// <summary>The weights cache folder: <paramref name="cacheDirectory"/> when given, else <c>$DISTILLDSL_CACHE/weights</c>,
    /// else <c>~/.cache/distilldsl/weights</c>.</summary>
    public static string ResolveDirectory(string? cacheDirectory = null)
    {
        if (!string.IsNullOrEmpty(cacheDirectory)) return Path.GetFullPath(cacheDirectory);
        string? root = Environment.GetEnvironmentVariable(CacheRootVariable);
        if (!string.IsNullOrEmpty(root)) return Path.GetFullPath(Path.Combine(root, "weights"));
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "distilldsl", "weights");
    }

    /// <summary>Writes the module's state dict to <paramref name="path"/> through a temporary file and a rename,
    /// so a crash never leaves a half-written cache file.</summary>
    public static void Save(nn.Module module, string path)
    {
        var entries = module.state_dict().OrderBy(entry => entry.Key, StringComparer.Ordinal).ToList();
        byte[] header = Header(entries);

        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var (_, tensor) in entries)
            {
                using Tensor data = tensor.detach().cpu().contiguous();
                stream.Write(data.bytes);
            }
        });
    }

    /// <summary>Copies the tensors of the cache file <paramref name="path"/> into the module's state dict.
    /// The whole file is checked before anything is copied.</summary>
    /// <exception cref="InvalidDataException">The file is not a complete safetensors file, or it does not hold exactly the
    /// module's tensors with their dtypes and shapes; the message names the file and the reason.</exception>
    public static void LoadInto(nn.Module module, string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 8) throw Corrupt(path, $"it has {file.Length} bytes, fewer than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > (ulong)(file.Length - 8)) throw Corrupt(path, $"its header length {headerLength} exceeds the file size {file.Length}");
        int dataStart = 8 + (int)headerLength;

        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw Corrupt(path, $"its header is not valid JSON ({e.Message})");
        }

        using (header)
        {
            var targets = module.state_dict();
            var found = new List<(Tensor Target, int Start, int Length)>();
            var seen = new HashSet<string>();
            long dataBytes = 0;
            foreach (JsonProperty entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                if (!targets.TryGetValue(entry.Name, out Tensor? target)) throw Corrupt(path, $"it holds a tensor '{entry.Name}' that the module does not have");
                if (!seen.Add(entry.Name)) throw Corrupt(path, $"it holds tensor '{entry.Name}' twice");
                var (dtype, shape, begin, end) = ReadEntry(path, entry);
                if (dtype != target.dtype || !shape.SequenceEqual(target.shape))
                {
                    throw Corrupt(path, $"tensor '{entry.Name}' is {dtype} [{string.Join(", ", shape)}] but the module's is {target.dtype} [{string.Join(", ", target.shape)}]");
                }
                long expectedBytes = target.NumberOfElements * target.ElementSize;
                if (end - begin != expectedBytes || begin < 0 || dataStart + end > file.Length)
                {
                    throw Corrupt(path, $"tensor '{entry.Name}' has data offsets [{begin}, {end}] that do not fit its size ({expectedBytes} bytes) or the file ({file.Length} bytes; truncated?)");
                }
                found.Add((target, dataStart + (int)begin, (int)expectedBytes));
                dataBytes += expectedBytes;
            }
            if (found.Count != targets.Count)
            {
                string missing = targets.Keys.First(name => !seen.Contains(name));
                throw Corrupt(path, $"it lacks {targets.Count - found.Count} of the module's {targets.Count} tensors, e.g. '{missing}'");
            }
            if (dataStart + dataBytes != file.Length) throw Corrupt(path, $"it has {file.Length - dataStart - dataBytes} bytes more than its tensors need");

            using var noGrad = no_grad();
            foreach (var (target, start, length) in found)
            {
                using Tensor loaded = empty(target.shape, target.dtype);
                loaded.bytes = file.AsSpan(start, length);
                target.copy_(loaded);
            }
        }
    }

    private static byte[] Header(List<KeyValuePair<string, Tensor>> entries)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("__metadata__");
            writer.WriteString("format", "pt");
            writer.WriteEndObject();
            long offset = 0;
            foreach (var (name, tensor) in entries)
            {
                long bytes = tensor.NumberOfElements * tensor.ElementSize;
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SafetensorsDtype(tensor.dtype));
                writer.WriteStartArray("shape");
                foreach (long size in tensor.shape) writer.WriteNumberValue(size);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes;
            }
            writer.WriteEndObject();
        }
        // The format pads the header with spaces so the tensor data starts 8-byte aligned.
        int padded = (int)(json.Length + 7) / 8 * 8;
        byte[] header = Enumerable.Repeat((byte)' ', padded).ToArray();
        json.ToArray().CopyTo(header, 0);
        return header;
    }

    private static (ScalarType Dtype, long[] Shape, long Begin, long End) ReadEntry(string path, JsonProperty entry)
    {
        try
        {
            JsonElement value = entry.Value;
            ScalarType dtype = value.GetProperty("dtype").GetString() switch
            {
                "F32" => ScalarType.Float32,
                "I64" => ScalarType.Int64,
                var other => throw Corrupt(path, $"tensor '{entry.Name}' has dtype '{other}'; a weights cache holds only F32 and I64"),
            };
            long[] shape = value.GetProperty("shape").EnumerateArray().Select(size => size.GetInt64()).ToArray();
            long[] offsets = value.GetProperty("data_offsets").EnumerateArray().Select(offset => offset.GetInt64()).ToArray();
            if (offsets.Length != 2) throw Corrupt(path, $"tensor '{entry.Name}' has {offsets.Length} data offsets instead of 2");
            return (dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Corrupt(path, $"the header entry of tensor '{entry.Name}' is malformed ({e.Message})");
        }
    }

    private static string SafetensorsDtype(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Int64 => "I64",
        _ => throw new NotSupportedException($"A weights cache holds float32 and int64 tensors, not {dtype}."),
    };

    private static InvalidDataException Corrupt(string path, string reason) =>
        new($"The weights cache file '{path}' is corrupt: {reason}.");
}

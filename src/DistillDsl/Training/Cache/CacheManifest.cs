using System.Security.Cryptography;
using System.Text.Json;
using DistillDsl.IO;

namespace DistillDsl.Training.Cache;

/// <summary>The description of a cache written to disk (<c>manifest.json</c> beside its record files), written last and
/// atomically: a folder without it, or whose key, lengths or SHA-256 sums disagree with it, is rebuilt, never trusted.</summary>
/// <param name="Count">The records: the images that could be read, in sample order.</param>
/// <param name="Skipped">The images left out because they could not be read (their files are in the key, so a repaired
/// one changes it and the cache is rebuilt with it); null or empty when none.</param>
internal sealed record CacheManifest(string Key, long Count, IReadOnlyList<CacheManifest.Entry> Entries, IReadOnlyList<CacheManifest.SkippedEntry>? Skipped = null)
{
    public const string FileName = "manifest.json";

    /// <param name="File">The record file's name in the cache folder.</param>
    /// <param name="Shape">One record's shape.</param>
    /// <param name="Type">float32 or float16.</param>
    /// <param name="ChannelsLast">Whether gathered records are given channels-last.</param>
    public sealed record Entry(string File, long[] Shape, string Type, bool ChannelsLast, string Sha256);

    /// <param name="Image">The sample's image path.</param>
    /// <param name="File">The file that could not be read (the image or its mask).</param>
    public sealed record SkippedEntry(string Image, string File, string Reason);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public void Write(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>The folder's manifest when it matches <paramref name="key"/> and every file it lists is intact; otherwise
    /// null with the reason.</summary>
    public static (CacheManifest? Manifest, string Reason) ReadValid(string folder, string key)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return (null, "no complete cache");
        CacheManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CacheManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            return (null, $"{path} is damaged ({e.Message})");
        }
        if (manifest is null || manifest.Entries is null) return (null, $"{path} is damaged (empty)");
        if (manifest.Key != key) return (null, "it was made for another config, teacher, image size or image list");
        foreach (Entry entry in manifest.Entries)
        {
            string file = Path.Combine(folder, entry.File);
            if (!File.Exists(file)) return (null, $"{file} is missing");
            if (!Enum.TryParse(entry.Type, out TorchSharp.torch.ScalarType type)) return (null, $"{path} names an unknown type '{entry.Type}'");
            long expected = RecordStore.BytesOf(manifest.Count, entry.Shape, type);
            long actual = new FileInfo(file).Length;
            if (actual != expected) return (null, $"{file} has {actual} bytes, not {expected}");
            if (Sha256Of(file) != entry.Sha256) return (null, $"{file} is damaged (its SHA-256 differs from the manifest's)");
        }
        return (manifest, "");
    }

    public static string Sha256Of(string file)
    {
        using FileStream stream = File.OpenRead(file);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}

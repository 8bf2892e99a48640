using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DistillDsl.IO;

namespace DistillDsl.Checkpoints;

/// <summary>The container of a checkpoint: named byte sections behind a signature and a schema version, sealed by a SHA-256
/// of everything before it (layout in Training/README.md, "Checkpoint format"). It knows nothing of what the sections mean.</summary>
internal static class CheckpointFile
{
    /// <summary>The first 8 bytes of every checkpoint.</summary>
    public static ReadOnlySpan<byte> Signature => "DDSTLCKP"u8;

    private const int HeaderLength = 16;      // signature, schema version, section count
    private const int ChecksumLength = 32;    // SHA-256
    private const int MaxNameLength = 1024;

    /// <summary>Versions above this are read as a damaged header, not as a newer build's file (schema 1 is current).</summary>
    private const int MaxPlausibleSchemaVersion = 1000;

    /// <summary>Writes the sections, in order, through <see cref="AtomicFile"/>: the file is either the old one or the new one.</summary>
    public static void Write(string path, int schemaVersion, IReadOnlyList<(string Name, byte[] Content)> sections)
    {
        using var buffer = new MemoryStream();
        Span<byte> number = stackalloc byte[8];
        buffer.Write(Signature);
        WriteInt32(buffer, schemaVersion, number);
        WriteInt32(buffer, sections.Count, number);
        foreach (var (name, content) in sections)
        {
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            WriteInt32(buffer, nameBytes.Length, number);
            buffer.Write(nameBytes);
            BinaryPrimitives.WriteInt64LittleEndian(number, content.LongLength);
            buffer.Write(number[..8]);
            buffer.Write(content);
        }
        byte[] checksum = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(checksum);
        AtomicFile.Write(path, stream => buffer.WriteTo(stream));
    }

    /// <summary>The sections of a checkpoint by name, after checking the signature, the schema version, the layout and the checksum.</summary>
    /// <exception cref="CheckpointException">With the reason: missing, not a checkpoint, other schema version, truncated, damaged.</exception>
    public static IReadOnlyDictionary<string, byte[]> Read(string path, int schemaVersion)
    {
        byte[] bytes = ReadAllBytes(path);
        if (bytes.Length == 0) throw new CheckpointException(path, "the file is empty (0 bytes), not a checkpoint.");
        int signatureLength = Math.Min(bytes.Length, Signature.Length);
        if (!bytes.AsSpan(0, signatureLength).SequenceEqual(Signature[..signatureLength]))
        {
            throw new CheckpointException(path, "it is not a DistillDsl checkpoint (it does not start with the checkpoint signature).");
        }
        if (bytes.Length < HeaderLength) throw Truncated(path, bytes.Length, "inside the header");

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version != schemaVersion)
        {
            // A flipped header byte reads as schema 65537 or the like: only a version that could have been written, in a
            // file whose checksum holds, is another build's; anything else is damage, which "newer DistillDsl" would hide.
            if (version is < 1 or > MaxPlausibleSchemaVersion)
            {
                throw Damaged(path, $"its header holds schema version {version}, which no DistillDsl writes.");
            }
            if (!ChecksumHolds(bytes))
            {
                throw Damaged(path, $"its header says schema version {version}, but its SHA-256 checksum does not match its content.");
            }
            throw new CheckpointException(path,
                $"it has checkpoint schema version {version}, and this build reads schema version {schemaVersion} only" +
                (version > schemaVersion ? " (it was written by a newer DistillDsl)." : " (it was written by an older DistillDsl)."));
        }
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        if (count < 0) throw Damaged(path, $"its section count is {count}.");
        if (bytes.Length < HeaderLength + ChecksumLength) throw Truncated(path, bytes.Length, "before its checksum");

        long end = bytes.Length - ChecksumLength;   // where the checksum should start
        long position = HeaderLength;
        var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            if (position + 4 > end) throw Truncated(path, bytes.Length, $"in section {i + 1} of {count}");
            int nameLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((int)position));
            if (nameLength <= 0 || nameLength > MaxNameLength) throw Damaged(path, $"section {i + 1} has a name length of {nameLength} bytes.");
            position += 4;
            if (position + nameLength + 8 > end) throw Truncated(path, bytes.Length, $"in section {i + 1} of {count}");
            string name = Encoding.UTF8.GetString(bytes, (int)position, nameLength);
            position += nameLength;
            long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)position));
            position += 8;
            if (length < 0) throw Damaged(path, $"section '{name}' has a length of {length} bytes.");
            if (position + length > end) throw Truncated(path, bytes.Length, $"in section '{name}'");
            if (!sections.TryAdd(name, bytes.AsSpan((int)position, (int)length).ToArray())) throw Damaged(path, $"section '{name}' appears twice.");
            position += length;
        }
        if (position < end) throw Damaged(path, $"{end - position} unexpected bytes follow its last section.");

        if (!ChecksumHolds(bytes)) throw Damaged(path, "its SHA-256 checksum does not match its content.");
        return sections;
    }

    /// <summary>Whether the last 32 bytes are the SHA-256 of everything before them.</summary>
    private static bool ChecksumHolds(byte[] bytes)
    {
        if (bytes.Length < ChecksumLength) return false;
        int end = bytes.Length - ChecksumLength;
        return SHA256.HashData(bytes.AsSpan(0, end)).AsSpan().SequenceEqual(bytes.AsSpan(end));
    }

    private static byte[] ReadAllBytes(string path)
    {
        // Reading a folder fails with "Access to the path is denied", which sends people after permissions.
        if (Directory.Exists(path)) throw new CheckpointException(path, "it is a folder, not a checkpoint file (a run's checkpoint is <run folder>/best.ckpt).");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist." : $"the file cannot be read ({e.Message}).";
            throw new CheckpointException(path, reason, e);
        }
    }

    private static void WriteInt32(Stream stream, int value, Span<byte> scratch)
    {
        BinaryPrimitives.WriteInt32LittleEndian(scratch, value);
        stream.Write(scratch[..4]);
    }

    private static CheckpointException Truncated(string path, long length, string where) =>
        new(path, $"the file is truncated: it ends {where} after {length} bytes (an interrupted copy or a full disk?).");

    private static CheckpointException Damaged(string path, string what) => new(path, $"the file is damaged: {what}");
}

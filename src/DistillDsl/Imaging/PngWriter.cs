using System.Buffers.Binary;
using System.IO.Compression;

namespace DistillDsl.Imaging;

/// <summary>A minimal 8-bit PNG encoder (gray or RGB, no interlace, the Sub filter on every row) that compresses with
/// the runtime's zlib. StbImageWriteSharp's managed deflate took about 65 ms per 256² RGB image, twice as long as
/// rendering it; this takes a few milliseconds. The output is deterministic for a given runtime.</summary>
internal static class PngWriter
{
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <param name="pixels">Rows of interleaved channels, top to bottom.</param>
    /// <param name="channels">1 (gray) or 3 (RGB).</param>
    public static byte[] Encode(byte[] pixels, int width, int height, int channels)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 or 3 channels.");
        if (pixels.Length != width * height * channels) throw new ArgumentException("pixel count does not match the size.", nameof(pixels));

        int stride = width * channels;
        var filtered = new byte[(stride + 1) * height];
        for (int y = 0; y < height; y++)
        {
            int source = y * stride, target = y * (stride + 1);
            filtered[target] = 1; // Sub: each byte minus the same channel of the pixel to its left
            for (int i = 0; i < stride; i++)
            {
                int left = i >= channels ? pixels[source + i - channels] : 0;
                filtered[target + 1 + i] = (byte)(pixels[source + i] - left);
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(filtered);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;                             // bit depth
        header[9] = channels == 1 ? (byte)0 : (byte)2; // colour type: gray or RGB
        // compression, filter method and interlace stay 0

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        byte[] typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    // CRC-32 (ISO 3309, polynomial 0xEDB88320) as the PNG specification defines it.
    private static uint Crc(uint crc, byte[] data)
    {
        foreach (byte b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}

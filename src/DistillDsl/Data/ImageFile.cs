using System.Buffers.Binary;
using StbImageSharp;

namespace DistillDsl.Data;

/// <summary>Reads PNG, JPEG and BMP files into RGB, whatever their channel count: gray is copied to R, G and B, alpha is
/// dropped (StbImageSharp's conversions). 16-bit PNGs are decoded by StbImageSharp and reduced to 8 bits (it keeps the
/// high byte), which is the precision the teachers are trained on.</summary>
/// <remarks>A decoder may quietly fill a cut-off file with zeros, so completeness is checked before decoding:
/// a PNG needs its IEND chunk, a JPEG an end-of-image marker after its last scan, an uncompressed BMP all its rows.</remarks>
public static class ImageFile
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> PngEnd => [(byte)'I', (byte)'E', (byte)'N', (byte)'D'];

    /// <summary>Decodes an image file; throws <see cref="DatasetException"/> naming the file and the reason.</summary>
    public static RgbImage ReadRgb(string path)
    {
        byte[] bytes = ReadAllBytes(path);
        CheckComplete(path, bytes);
        ImageResult? result;
        try
        {
            result = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DatasetException(path, $"the image cannot be decoded ({e.Message}).", e);
        }
        if (result?.Data is null || result.Width <= 0 || result.Height <= 0 || result.Data.Length < result.Width * result.Height * 3)
        {
            throw new DatasetException(path, "the image cannot be decoded (the decoder returned no pixels).");
        }
        return new RgbImage(result.Width, result.Height, result.Data);
    }

    private static byte[] ReadAllBytes(string path)
    {
        // Reading a folder fails with "Access to the path is denied", which sends people after permissions.
        if (Directory.Exists(path)) throw new DatasetException(path, "it is a folder, not an image file.");
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0) throw new DatasetException(path, "the file is empty.");
            return bytes;
        }
        catch (FileNotFoundException e) { throw new DatasetException(path, "file not found.", e); }
        catch (DirectoryNotFoundException e) { throw new DatasetException(path, "file not found (its folder does not exist).", e); }
        catch (UnauthorizedAccessException e) { throw new DatasetException(path, $"the file cannot be read ({e.Message}).", e); }
        catch (IOException e) { throw new DatasetException(path, $"the file cannot be read ({e.Message}).", e); }
    }

    private static void CheckComplete(string path, byte[] bytes)
    {
        ReadOnlySpan<byte> data = bytes;
        if (data.StartsWith(PngSignature))
        {
            if (data.LastIndexOf(PngEnd) < 0) throw new DatasetException(path, "truncated PNG: the IEND chunk is missing.");
        }
        else if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            CheckJpegComplete(path, data);
        }
        else if (data.Length >= 2 && data[0] == 'B' && data[1] == 'M')
        {
            CheckBmpComplete(path, data);
        }
        else
        {
            string head = Convert.ToHexString(data[..Math.Min(8, data.Length)]);
            throw new DatasetException(path, $"not a PNG, JPEG or BMP file (it starts with bytes {head}).");
        }
    }

    // In entropy-coded JPEG data every 0xFF is followed by 0x00 or a restart marker, so the last start-of-scan (FF DA)
    // must be followed by an end-of-image marker (FF D9). Scans inside an embedded thumbnail come earlier.
    private static void CheckJpegComplete(string path, ReadOnlySpan<byte> data)
    {
        int lastScan = data.LastIndexOf([(byte)0xFF, (byte)0xDA]);
        if (lastScan < 0) throw new DatasetException(path, "truncated JPEG: no image data (start-of-scan marker) found.");
        if (data[lastScan..].IndexOf([(byte)0xFF, (byte)0xD9]) < 0)
        {
            throw new DatasetException(path, "truncated JPEG: the end-of-image marker is missing after the image data.");
        }
    }

    // Uncompressed BMP (BI_RGB or BI_BITFIELDS with a 40+ byte header): pixel data offset + rows × padded row size.
    private static void CheckBmpComplete(string path, ReadOnlySpan<byte> data)
    {
        const int FileHeader = 14;
        if (data.Length < FileHeader + 4) throw new DatasetException(path, "truncated BMP: the header is incomplete.");
        int infoSize = BinaryPrimitives.ReadInt32LittleEndian(data[14..]);
        if (infoSize < 40) return; // OS/2 headers: left to the decoder
        if (data.Length < FileHeader + 40) throw new DatasetException(path, "truncated BMP: the header is incomplete.");

        long pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        long width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
        long height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[22..]));
        int bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]);
        uint compression = BinaryPrimitives.ReadUInt32LittleEndian(data[30..]);
        if (compression is not (0 or 3) || width <= 0 || bitsPerPixel == 0) return; // RLE and odd headers: left to the decoder

        long rowBytes = (width * bitsPerPixel + 31) / 32 * 4;
        long needed = pixelOffset + rowBytes * height;
        if (data.Length < needed)
        {
            throw new DatasetException(path, $"truncated BMP: {width}×{height} pixels need {needed} bytes, the file has {data.Length}.");
        }
    }
}

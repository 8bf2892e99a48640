using DistillDsl.Data;
using DistillDsl.Imaging;
using static TorchSharp.torch;

namespace DistillDsl.Evaluation;

/// <summary>Writes the heat-map overlay of one image (<see cref="HeatmapOverlay"/>: image, map blended over it, mask outline)
/// from its map at the graph's input size. The image and mask are read again from their files rather than kept from the
/// forward pass, so a whole test set's pictures need no memory beyond the maps.</summary>
/// <param name="preprocessing">The graph's input preprocessing (RGB at the input size).</param>
/// <param name="atOriginalSize">Draw at the image file's size (the map resized back with <see cref="MapResize.Bilinear"/>,
/// over the original pixels and mask); otherwise at the input size, over the image as the network saw it.</param>
internal sealed class HeatmapPictures(ImagePreprocessing preprocessing, bool atOriginalSize)
{
    /// <param name="map">The image's map at the input size (Size² values).</param>
    /// <param name="colourMinimum">Map value drawn blue.</param>
    /// <param name="colourMaximum">Map value drawn red.</param>
    public void Write(string path, string imagePath, string? maskPath, float[] map, float colourMinimum, float colourMaximum)
    {
        int side = preprocessing.Size;
        if (!atOriginalSize)
        {
            float[] rgb = ChannelsLast(preprocessing.LoadRgb(imagePath));
            float[] mask = maskPath is null ? [] : Values(preprocessing.LoadMask(maskPath));
            HeatmapOverlay.WritePng(path, side, side, rgb, map, mask, colourMinimum, colourMaximum);
            return;
        }

        RgbImage image = ImageFile.ReadRgb(imagePath);
        float[] original = new float[image.Pixels.Length];
        for (int i = 0; i < original.Length; i++) original[i] = image.Pixels[i] / 255f;
        float[] resized = MapResize.Bilinear(map, side, side, image.Width, image.Height);
        float[] originalMask = maskPath is null ? [] : BinaryMask(ImageFile.ReadRgb(maskPath), maskPath, image);
        HeatmapOverlay.WritePng(path, image.Width, image.Height, original, resized, originalMask, colourMinimum, colourMaximum);
    }

    /// <summary>1 where the mask's largest channel is above half of full scale (the rule of <see cref="ImagePreprocessing"/>).</summary>
    private static float[] BinaryMask(RgbImage mask, string maskPath, RgbImage image)
    {
        if (mask.Width != image.Width || mask.Height != image.Height)
        {
            throw new DatasetException(maskPath, $"the mask is {mask.Width}×{mask.Height} pixels but its image is {image.Width}×{image.Height}.");
        }
        var values = new float[mask.Width * mask.Height];
        for (int p = 0; p < values.Length; p++)
        {
            int largest = Math.Max(mask.Pixels[3 * p], Math.Max(mask.Pixels[3 * p + 1], mask.Pixels[3 * p + 2]));
            values[p] = largest > 127 ? 1f : 0f;
        }
        return values;
    }

    private static float[] ChannelsLast(Tensor chw)
    {
        using (chw)
        using (Tensor hwc = chw.permute(1, 2, 0).contiguous())
        {
            return hwc.data<float>().ToArray();
        }
    }

    private static float[] Values(Tensor tensor)
    {
        using (tensor)
        using (Tensor contiguous = tensor.contiguous())
        {
            return contiguous.data<float>().ToArray();
        }
    }
}

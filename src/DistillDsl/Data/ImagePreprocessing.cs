using TorchSharp;
using static TorchSharp.torch;
using DistillDsl.Torch;

namespace DistillDsl.Data;

/// <summary>Turns image and mask files into square tensors of one size: images as RGB float in [0, 1] (normalised for a
/// teacher on request), masks as 0/1 float.</summary>
/// <remarks>Images are resized with bilinear interpolation (half-pixel centres) with antialiasing: when shrinking, the
/// triangle filter widens with the scale factor, as in PIL and torchvision's <c>antialias=True</c>, so fine texture does
/// not alias. The aspect ratio is not kept (MVTec-style square resize). Masks use nearest-exact sampling (the source
/// pixel under each output pixel's centre) and are then binarised: value &gt; 0.5 of full scale, taking the largest
/// colour channel, is defect.</remarks>
/// <param name="Size">Output side length in pixels.</param>
/// <param name="Normalization">The teacher normalisation of <see cref="LoadImage"/> and of <see cref="BatchStream"/> batches;
/// null keeps them RGB in [0, 1], which is what a <see cref="Graphs.DistillGraph"/> takes (each of its teachers normalises for itself).</param>
public sealed record ImagePreprocessing(int Size, NormalizationParameters? Normalization)
{
    public int Size { get; } = Size > 0 ? Size : throw new ArgumentOutOfRangeException(nameof(Size), Size, "the image size must be positive.");

    /// <summary>Preprocessing that keeps images RGB in [0, 1] (no teacher normalisation): the input of a <see cref="Graphs.DistillGraph"/>.</summary>
    public static ImagePreprocessing Rgb(int size) => new(size, null);

    /// <summary>The image resized, RGB in [0, 1], shape [3, Size, Size], on the CPU.</summary>
    public Tensor LoadRgb(string imagePath) => ResizeImage(ImageFile.ReadRgb(imagePath));

    /// <summary>The image resized and normalised for the teacher (RGB in [0, 1] without a normalisation), shape [3, Size, Size], on the CPU.</summary>
    public Tensor LoadImage(string imagePath)
    {
        if (Normalization is null) return LoadRgb(imagePath);
        using Tensor rgb = LoadRgb(imagePath);
        return Normalization.Apply(rgb);
    }

    /// <summary>The mask resized and binarised, shape [1, Size, Size], on the CPU.</summary>
    public Tensor LoadMask(string maskPath) => ResizeMask(ImageFile.ReadRgb(maskPath));

    /// <summary>An image (RGB in [0, 1], not normalised) and its mask (zeros when it has none), both resized. Throws
    /// <see cref="DatasetException"/> when a file cannot be read or the mask's size differs from the image's.</summary>
    public (Tensor Rgb, Tensor Mask) LoadSample(DatasetSample sample) => ToTensors(ReadSample(sample));

    /// <summary>Decodes and checks a sample's files without any torch call (safe on worker threads): the image and its
    /// mask, if any. Throws <see cref="DatasetException"/> as <see cref="LoadSample"/> does.</summary>
    public static DecodedSample ReadSample(DatasetSample sample)
    {
        RgbImage image = ImageFile.ReadRgb(sample.ImagePath);
        RgbImage? mask = sample.MaskPath is null ? null : ImageFile.ReadRgb(sample.MaskPath);
        if (mask is not null && (mask.Width != image.Width || mask.Height != image.Height))
        {
            throw new DatasetException(sample.MaskPath!,
                $"the mask is {mask.Width}×{mask.Height} pixels but its image {sample.ImagePath} is {image.Width}×{image.Height}.");
        }
        return new DecodedSample(image, mask);
    }

    /// <summary>A decoded sample resized to tensors: the image (RGB in [0, 1]) and its mask (zeros when it has none).</summary>
    public (Tensor Rgb, Tensor Mask) ToTensors(DecodedSample sample)
    {
        Tensor rgb = ResizeImage(sample.Image);
        Tensor maskTensor = sample.Mask is null ? zeros(1, Size, Size) : ResizeMask(sample.Mask);
        return (rgb, maskTensor);
    }

    private Tensor ResizeImage(RgbImage image)
    {
        using var scope = NewDisposeScope();
        Tensor rgb = ToUnitFloat(image);
        if (image.Width != Size || image.Height != Size)
        {
            rgb = nn.functional.interpolate(rgb.unsqueeze(0), size: [Size, Size], mode: InterpolationMode.Bilinear,
                                            align_corners: false, antialias: true).squeeze(0);
            ScalarArithmetic.ClampInPlace(rgb, 0, 1);
        }
        return rgb.contiguous().MoveToOuterDisposeScope();
    }

    private Tensor ResizeMask(RgbImage mask)
    {
        using var scope = NewDisposeScope();
        Tensor value = ToUnitFloat(mask).amax([0], keepdim: true);
        if (mask.Width != Size || mask.Height != Size)
        {
            value = value.index_select(1, NearestSources(mask.Height)).index_select(2, NearestSources(mask.Width));
        }
        return ScalarArithmetic.GreaterThan(value, 0.5).to(float32).MoveToOuterDisposeScope();
    }

    /// <summary>For each output index i, the source index under its centre: floor((i + 0.5) × from / Size) (what torch
    /// calls nearest-exact; done by hand because LibTorch's C++ interpolate warns on every nearest-exact call).</summary>
    private Tensor NearestSources(int from)
    {
        var sources = new long[Size];
        double step = (double)from / Size;
        for (int i = 0; i < Size; i++) sources[i] = Math.Clamp((long)Math.Floor((i + 0.5) * step), 0, from - 1);
        return tensor(sources);
    }

    /// <summary>[3, H, W] float in [0, 1] from interleaved 8-bit RGB.</summary>
    private static Tensor ToUnitFloat(RgbImage image)
    {
        using Tensor bytes = tensor(image.Pixels, [image.Height, image.Width, 3], dtype: ScalarType.Byte);
        using Tensor channelsFirst = bytes.permute(2, 0, 1);
        return ScalarArithmetic.DivInPlace(channelsFirst.to(float32), 255);
    }
}

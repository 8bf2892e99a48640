using System.Globalization;
using System.Runtime.ExceptionServices;
using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Data.Synthetic;

/// <summary>The project's defect painters applied to real normal images: an anomalous validation set, with exact masks,
/// for choosing a config or a threshold without touching a test split.</summary>
/// <remarks>Each normal image is resized to the graph's input size (the same antialiased bilinear resize as training) and
/// written twice: as it is, under <c>test/good</c>, and with one painted defect, under <c>test/&lt;defect&gt;</c> with its
/// mask under <c>ground_truth</c> (MVTec AD layout). Defects take turns over the images. Each image has its own random
/// stream from (seed, its index), so the same images and seed give the same files.</remarks>
public static class SyntheticDefectSet
{
    /// <summary>The defects that can be painted onto any image (the missing thread needs the synthetic texture's structure),
    /// in the order they take turns: small local ones first, then the thin jagged crack and the large low-contrast
    /// shading, which fine-detail detectors miss.</summary>
    public static IReadOnlyList<DefectKind> PaintableDefects { get; } =
        [DefectKind.Scratch, DefectKind.Hole, DefectKind.Stain, DefectKind.ColorSpot, DefectKind.Crack, DefectKind.Shading];

    /// <summary>Writes the set under <paramref name="root"/> (which must be absent or empty, unless
    /// <paramref name="overwrite"/>) and returns its test samples: every normal image, then every painted copy.</summary>
    /// <exception cref="DatasetException">An image cannot be read, or the folder is not empty and may not be overwritten.</exception>
    public static IReadOnlyList<DatasetSample> Write(string root, IReadOnlyList<DatasetSample> normalImages, int size, int seed,
                                                     bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(normalImages);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 32);
        if (normalImages.Count == 0) throw new ArgumentException("There are no normal images to paint defects onto.", nameof(normalImages));
        var anomalous = normalImages.FirstOrDefault(s => s.IsAnomalous);
        if (anomalous is not null) throw new ArgumentException($"Defects are painted onto normal images only; {anomalous.ImagePath} is anomalous.", nameof(normalImages));

        root = Path.GetFullPath(root);
        SyntheticTextureGenerator.PrepareCategoryFolder(root, overwrite);
        string digits = "D" + Math.Max(3, (normalImages.Count - 1).ToString(CultureInfo.InvariantCulture).Length);
        var jobs = normalImages.Select((sample, index) =>
        {
            DefectKind defect = PaintableDefects[index % PaintableDefects.Count];
            string stem = index.ToString(digits, CultureInfo.InvariantCulture);
            return (Source: sample, Index: index, Defect: defect,
                    Good: new DatasetSample(Path.Combine(root, "test", "good", stem + ".png"), null, false, "good"),
                    Painted: new DatasetSample(Path.Combine(root, "test", defect.FolderName(), stem + ".png"),
                                               Path.Combine(root, "ground_truth", defect.FolderName(), stem + "_mask.png"), true, defect.FolderName()));
        }).ToList();
        foreach (var job in jobs)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(job.Good.ImagePath)!);
            Directory.CreateDirectory(Path.GetDirectoryName(job.Painted.ImagePath)!);
            Directory.CreateDirectory(Path.GetDirectoryName(job.Painted.MaskPath!)!);
        }

        // Resizing uses torch, so it stays on this thread; painting and encoding run in parallel.
        var resized = jobs.Select(job => ResizedBytes(job.Source.ImagePath, size)).ToList();
        try
        {
            Parallel.For(0, jobs.Count, i =>
            {
                var job = jobs[i];
                SyntheticImage painted = Paint(resized[i], size, job.Defect, DeterministicRandom.ForStream(seed, job.Index));
                SyntheticTextureGenerator.WritePng(job.Good.ImagePath, resized[i], size, channels: 3);
                SyntheticTextureGenerator.WritePng(job.Painted.ImagePath, painted.Pixels, size, channels: 3);
                SyntheticTextureGenerator.WritePng(job.Painted.MaskPath!, painted.Mask!, size, channels: 1);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return [.. jobs.Select(j => j.Good), .. jobs.Select(j => j.Painted)];
    }

    /// <summary>Paints one defect onto a square image of 8-bit interleaved RGB (<paramref name="size"/>² pixels); the mask is
    /// exactly the pixels that changed. A defect that would not be visible (dark on dark, say) is drawn again, up to
    /// eight times.</summary>
    public static SyntheticImage Paint(byte[] rgb, int size, DefectKind defect, long seed) =>
        Paint(rgb, size, defect, DeterministicRandom.ForStream(seed));

    private static SyntheticImage Paint(byte[] rgb, int size, DefectKind defect, DeterministicRandom rng)
    {
        if (!PaintableDefects.Contains(defect))
        {
            throw new ArgumentOutOfRangeException(nameof(defect), defect,
                $"only {string.Join(", ", PaintableDefects.Select(d => d.FolderName()))} can be painted onto an image.");
        }
        FloatImage surface = FloatImage.FromBytes(rgb, size);
        SyntheticImage? result = null;
        for (int attempt = 0; attempt < SyntheticTextureGenerator.MaxAttempts && (result is null || !SyntheticTextureGenerator.IsVisible(result)); attempt++)
        {
            FloatImage damaged = surface.Clone();
            SyntheticTextureGenerator.PaintDefect(defect, damaged, rng);
            byte[] bytes = damaged.ToBytes();
            result = new SyntheticImage(size, bytes, SyntheticTextureGenerator.ChangedPixels(rgb, bytes), rgb);
        }
        return result!;
    }

    private static byte[] ResizedBytes(string imagePath, int size)
    {
        using var scope = NewDisposeScope();
        Tensor rgb = ImagePreprocessing.Rgb(size).LoadRgb(imagePath);
        Tensor bytes = ScalarArithmetic.ClampInPlace(ScalarArithmetic.Mul(rgb, 255).round_(), 0, 255).to(ScalarType.Byte).permute(1, 2, 0).contiguous();
        return bytes.data<byte>().ToArray();
    }
}

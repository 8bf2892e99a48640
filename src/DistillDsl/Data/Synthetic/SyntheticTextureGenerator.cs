using DistillDsl.IO;
using DistillDsl.Imaging;
using System.Globalization;
using System.Runtime.ExceptionServices;
using DistillDsl.Data.Synthetic.Defects;
using DistillDsl.Data.Synthetic.Textures;

namespace DistillDsl.Data.Synthetic;

/// <summary>Procedural textures with drawn-in defects and exact masks: the project's built-in data for demos and tests.</summary>
/// <remarks>Every image has its own random stream from (seed, family, split, defect, index), so images do not depend on
/// each other or on the order they are made in (they are made in parallel), and the same seed gives byte-identical
/// files. Across CPU architectures the results of MathF.Sin/Pow may differ in the last bit, which could very rarely
/// flip a rounding; on one platform the output is exactly reproducible.</remarks>
public static class SyntheticTextureGenerator
{
    private const int TrainSplit = 0, TestGoodSplit = 1, TestDefectSplit = 2;
    internal const int MaxAttempts = 8;

    /// <summary>Writes one MVTec AD category per family under <paramref name="root"/> (train/good, test/good,
    /// test/&lt;defect&gt;, ground_truth/&lt;defect&gt;/&lt;stem&gt;_mask.png, all PNG) and returns the category names.</summary>
    public static IReadOnlyList<string> WriteMvtecLayout(string root, SyntheticDatasetOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        root = Path.GetFullPath(root);

        var categories = new List<string>();
        foreach (TextureFamily family in options.Families)
        {
            string category = Path.Combine(root, family.FolderName());
            PrepareCategoryFolder(category, options.Overwrite);
            List<ImageJob> jobs = PlanCategory(category, options);
            foreach (string file in jobs.SelectMany(j => j.MaskPath is null ? [j.ImagePath] : new[] { j.ImagePath, j.MaskPath }))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            }
            try
            {
                Parallel.ForEach(jobs, job =>
                {
                    DeterministicRandom rng = DeterministicRandom.ForStream(options.Seed, (int)family, job.Split, job.DefectCode, job.Index);
                    SyntheticImage image = Render(family, job.Defect, options.ImageSize, rng);
                    WritePng(job.ImagePath, image.Pixels, options.ImageSize, channels: 3);
                    if (job.MaskPath is not null) WritePng(job.MaskPath, image.Mask!, options.ImageSize, channels: 1);
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
            categories.Add(family.FolderName());
        }
        return categories;
    }

    /// <summary>Renders one image in memory, as <see cref="WriteMvtecLayout"/> renders each file (which derives its seed
    /// from the options' seed and the file's place). <paramref name="defect"/> null gives a defect-free image; with a
    /// defect, the same seed without one gives exactly <see cref="SyntheticImage.DefectFreePixels"/>.</summary>
    public static SyntheticImage Render(TextureFamily family, DefectKind? defect, int size, long seed) =>
        size is < 32 or > 4096
            ? throw new ArgumentOutOfRangeException(nameof(size), size, "must be in 32..4096.")
            : Render(family, defect, size, DeterministicRandom.ForStream(seed));

    private static SyntheticImage Render(TextureFamily family, DefectKind? defect, int size, DeterministicRandom rng)
    {
        ITexture texture = TextureFactory.Create(family, rng, size);
        var finish = new CameraFinish(rng);
        var surface = new FloatImage(size);
        texture.Render(surface, removeLine: false);

        FloatImage clean = surface.Clone();
        finish.Apply(clean);
        byte[] cleanBytes = clean.ToBytes();
        if (defect is not DefectKind kind) return new SyntheticImage(size, cleanBytes, null, cleanBytes);

        // Draw again until the defect is visible; the missing line is fixed by the texture and visible by construction.
        SyntheticImage? result = null;
        for (int attempt = 0; attempt < MaxAttempts && (result is null || !IsVisible(result)); attempt++)
        {
            FloatImage damaged;
            if (kind == DefectKind.MissingThread)
            {
                damaged = new FloatImage(size);
                texture.Render(damaged, removeLine: true);
            }
            else
            {
                damaged = surface.Clone();
                PaintDefect(kind, damaged, rng);
            }
            finish.Apply(damaged);
            byte[] bytes = damaged.ToBytes();
            result = new SyntheticImage(size, bytes, ChangedPixels(cleanBytes, bytes), cleanBytes);
            if (kind == DefectKind.MissingThread) break;
        }
        return result!;
    }

    internal static void PaintDefect(DefectKind kind, FloatImage image, DeterministicRandom rng)
    {
        switch (kind)
        {
            case DefectKind.Scratch: Scratch.Paint(image, rng); break;
            case DefectKind.Hole: Hole.Paint(image, rng); break;
            case DefectKind.Stain: Stain.Paint(image, rng); break;
            case DefectKind.ColorSpot: ColorSpot.Paint(image, rng); break;
            case DefectKind.Crack: Crack.Paint(image, rng); break;
            case DefectKind.Shading: Shading.Paint(image, rng); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a painted defect.");
        }
    }

    /// <summary>255 where any channel differs, else 0: the mask is exactly the set of pixels the defect changed.</summary>
    internal static byte[] ChangedPixels(byte[] clean, byte[] damaged)
    {
        var mask = new byte[clean.Length / 3];
        for (int i = 0; i < mask.Length; i++)
        {
            bool changed = clean[3 * i] != damaged[3 * i] || clean[3 * i + 1] != damaged[3 * i + 1] || clean[3 * i + 2] != damaged[3 * i + 2];
            mask[i] = changed ? (byte)255 : (byte)0;
        }
        return mask;
    }

    /// <summary>A defect counts as visible when enough pixels changed by at least 12 grey levels in some channel (a
    /// defect on a dark patch, or half outside the image, can otherwise vanish into the noise).</summary>
    internal static bool IsVisible(SyntheticImage image)
    {
        int clearlyChanged = 0;
        for (int i = 0; i < image.Size * image.Size; i++)
        {
            int difference = 0;
            for (int c = 0; c < 3; c++) difference = Math.Max(difference, Math.Abs(image.Pixels[3 * i + c] - image.DefectFreePixels[3 * i + c]));
            if (difference >= 12) clearlyChanged++;
        }
        float scale = image.Size / 256f;
        return clearlyChanged >= Math.Max(6, (int)(8 * scale * scale));
    }

    private static List<ImageJob> PlanCategory(string category, SyntheticDatasetOptions options)
    {
        var jobs = new List<ImageJob>();
        string Name(int index, int count) => index.ToString("D" + Math.Max(3, (count - 1).ToString(CultureInfo.InvariantCulture).Length), CultureInfo.InvariantCulture);

        for (int i = 0; i < options.TrainCount; i++)
        {
            jobs.Add(new ImageJob(Path.Combine(category, "train", "good", Name(i, options.TrainCount) + ".png"), null, null, TrainSplit, 0, i));
        }
        for (int i = 0; i < options.TestGoodCount; i++)
        {
            jobs.Add(new ImageJob(Path.Combine(category, "test", "good", Name(i, options.TestGoodCount) + ".png"), null, null, TestGoodSplit, 0, i));
        }
        foreach (DefectKind defect in options.Defects)
        {
            for (int i = 0; i < options.TestCountPerDefect; i++)
            {
                string stem = Name(i, options.TestCountPerDefect);
                jobs.Add(new ImageJob(Path.Combine(category, "test", defect.FolderName(), stem + ".png"),
                                      Path.Combine(category, "ground_truth", defect.FolderName(), stem + "_mask.png"),
                                      defect, TestDefectSplit, 1 + (int)defect, i));
            }
        }
        return jobs;
    }

    internal static void PrepareCategoryFolder(string category, bool overwrite)
    {
        if (!Directory.Exists(category) || !Directory.EnumerateFileSystemEntries(category).Any()) return;
        if (!overwrite)
        {
            throw new DatasetException(category, "the category folder already exists and is not empty; choose another root, or allow overwriting.");
        }
        Directory.Delete(category, recursive: true);
    }

    internal static void WritePng(string path, byte[] pixels, int size, int channels)
    {
        try
        {
            byte[] png = PngWriter.Encode(pixels, size, size, channels);
            AtomicFile.Write(path, stream => stream.Write(png));
        }
        catch (IOException e) { throw new DatasetException(path, $"cannot write the image ({e.Message}).", e); }
        catch (UnauthorizedAccessException e) { throw new DatasetException(path, $"cannot write the image ({e.Message}).", e); }
    }

    private sealed record ImageJob(string ImagePath, string? MaskPath, DefectKind? Defect, int Split, int DefectCode, int Index);
}

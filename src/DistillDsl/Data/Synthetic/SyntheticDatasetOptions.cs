namespace DistillDsl.Data.Synthetic;

/// <summary>What <see cref="SyntheticTextureGenerator.WriteMvtecLayout"/> writes. The defaults give 60 training and
/// 30 test images (10 good, 4 per defect kind) of 256² per family.</summary>
public sealed record SyntheticDatasetOptions
{
    public IReadOnlyList<TextureFamily> Families { get; init; } = Enum.GetValues<TextureFamily>();

    /// <summary>The defect kinds of the test images, one folder each; <see cref="DefaultDefects"/> when not set.</summary>
    public IReadOnlyList<DefectKind> Defects { get; init; } = DefaultDefects;

    /// <summary>The five kinds a synthetic set has unless others are asked for (the demo and the evidence test are measured
    /// on them): scratch, hole, stain, missing thread, colour spot. Crack and shading are written when named.</summary>
    public static IReadOnlyList<DefectKind> DefaultDefects { get; } =
        [DefectKind.Scratch, DefectKind.Hole, DefectKind.Stain, DefectKind.MissingThread, DefectKind.ColorSpot];

    /// <summary>Side of the square images, in pixels (32..4096).</summary>
    public int ImageSize { get; init; } = 256;

    /// <summary>Defect-free images in train/good.</summary>
    public int TrainCount { get; init; } = 60;

    /// <summary>Defect-free images in test/good.</summary>
    public int TestGoodCount { get; init; } = 10;

    /// <summary>Images in each test/&lt;defect&gt; folder.</summary>
    public int TestCountPerDefect { get; init; } = 4;

    /// <summary>Same seed (and options) → byte-identical files.</summary>
    public int Seed { get; init; }

    /// <summary>Replace category folders that already exist; otherwise a non-empty one is an error.</summary>
    public bool Overwrite { get; init; }

    internal void Validate()
    {
        if (Families.Count == 0) throw new ArgumentException("at least one texture family is needed.", nameof(Families));
        if (Families.Distinct().Count() != Families.Count) throw new ArgumentException("a texture family is listed twice.", nameof(Families));
        if (Defects.Distinct().Count() != Defects.Count) throw new ArgumentException("a defect kind is listed twice.", nameof(Defects));
        if (ImageSize is < 32 or > 4096) throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, "must be in 32..4096.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TrainCount, nameof(TrainCount));
        ArgumentOutOfRangeException.ThrowIfNegative(TestGoodCount, nameof(TestGoodCount));
        ArgumentOutOfRangeException.ThrowIfNegative(TestCountPerDefect, nameof(TestCountPerDefect));
    }
}

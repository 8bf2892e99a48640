namespace DistillDsl.Data.Synthetic;

/// <summary>Procedural texture families; each becomes one dataset category named by <see cref="TextureFamilyNames.FolderName"/>.</summary>
public enum TextureFamily
{
    /// <summary>Plain-weave fabric: warp and weft threads passing over and under each other.</summary>
    Fabric,

    /// <summary>Woven wire mesh on a dark background.</summary>
    Grid,

    /// <summary>Wood with growth rings, fibres and pores.</summary>
    Wood,

    /// <summary>Pebbled leather: domed cells separated by creases.</summary>
    Leather,

    /// <summary>Speckled ceramic tiles with grout lines.</summary>
    Tile,
}

public static class TextureFamilyNames
{
    public static string FolderName(this TextureFamily family) => family switch
    {
        TextureFamily.Fabric => "fabric",
        TextureFamily.Grid => "grid",
        TextureFamily.Wood => "wood",
        TextureFamily.Leather => "leather",
        TextureFamily.Tile => "tile",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown texture family."),
    };
}

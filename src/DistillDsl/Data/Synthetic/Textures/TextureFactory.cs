namespace DistillDsl.Data.Synthetic.Textures;

internal static class TextureFactory
{
    public static ITexture Create(TextureFamily family, DeterministicRandom rng, int size) => family switch
    {
        TextureFamily.Fabric => new FabricTexture(rng, size),
        TextureFamily.Grid => new GridTexture(rng, size),
        TextureFamily.Wood => new WoodTexture(rng, size),
        TextureFamily.Leather => new LeatherTexture(rng, size),
        TextureFamily.Tile => new TileTexture(rng, size),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown texture family."),
    };
}

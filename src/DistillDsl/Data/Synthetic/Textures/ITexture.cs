namespace DistillDsl.Data.Synthetic.Textures;

/// <summary>One randomised texture instance (its parameters were drawn when it was made).</summary>
internal interface ITexture
{
    /// <summary>Fills <paramref name="image"/>. With <paramref name="removeLine"/>, one line of the texture's structure
    /// is missing along a segment (chosen when the instance was made): the family's <see cref="DefectKind.MissingThread"/>.</summary>
    void Render(FloatImage image, bool removeLine);
}

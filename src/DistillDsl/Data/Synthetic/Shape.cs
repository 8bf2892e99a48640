namespace DistillDsl.Data.Synthetic;

/// <summary>Small shaping functions used by the textures and defects.</summary>
internal static class Shape
{
    /// <summary>0 below <paramref name="edge0"/>, 1 above <paramref name="edge1"/>, smooth in between (edges may be reversed).</summary>
    public static float SmoothStep(float edge0, float edge1, float x)
    {
        float t = Math.Clamp((x - edge0) / (edge1 - edge0), 0f, 1f);
        return t * t * (3 - 2 * t);
    }

    public static float Fract(float x) => x - MathF.Floor(x);

    public static float Degrees(double degrees) => (float)(degrees * Math.PI / 180);
}

namespace DistillDsl.Data.Synthetic;

/// <summary>A rotation about a centre, to turn image coordinates into a texture's own axes.</summary>
internal readonly struct Rotation(float angle, float centre)
{
    private readonly float _cos = MathF.Cos(angle);
    private readonly float _sin = MathF.Sin(angle);

    public (float X, float Y) ToLocal(float x, float y)
    {
        x -= centre;
        y -= centre;
        return (_cos * x + _sin * y, -_sin * x + _cos * y);
    }
}

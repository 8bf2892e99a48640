namespace DistillDsl.Data.Synthetic.Defects;

/// <summary>An irregular elliptical patch: its boundary radius wobbles with angle, and its coverage falls from 1 inside to
/// exactly 0 at the boundary over a soft edge, so nothing outside the boundary is touched.</summary>
internal sealed class Blob
{
    private readonly ValueNoise _noise;
    private readonly Rotation _frame;
    private readonly float _centreX, _centreY, _radius, _aspect, _edge, _irregularity;

    public Blob(DeterministicRandom rng, float centreX, float centreY, float radius, float aspect, float edge, float irregularity)
    {
        _noise = new ValueNoise(rng.NextUInt64());
        _frame = new Rotation(Shape.Degrees(rng.Uniform(0, 180)), 0f);
        (_centreX, _centreY, _radius, _aspect, _edge, _irregularity) = (centreX, centreY, radius, aspect, edge, irregularity);
    }

    /// <summary>Pixel bounds (inclusive) that contain every pixel the blob covers, clipped to the image.</summary>
    public (int X0, int Y0, int X1, int Y1) Bounds(int size)
    {
        int reach = (int)MathF.Ceiling(_radius * (1 + _irregularity)) + 2;
        return (Math.Max(0, (int)_centreX - reach), Math.Max(0, (int)_centreY - reach),
                Math.Min(size - 1, (int)_centreX + reach), Math.Min(size - 1, (int)_centreY + reach));
    }

    /// <summary>Replaces each pixel the blob covers by <paramref name="change"/>(pixel, coverage, x, y); no other pixel is touched.</summary>
    public void Apply(FloatImage image, Func<Rgb, float, int, int, Rgb> change)
    {
        (int x0, int y0, int x1, int y1) = Bounds(image.Size);
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                float cover = Coverage(x + 0.5f, y + 0.5f);
                if (cover > 0f) image[x, y] = change(image[x, y], cover, x, y);
            }
        }
    }

    public float Coverage(float x, float y)
    {
        (float lx, float ly) = _frame.ToLocal(x - _centreX, y - _centreY);
        ly /= _aspect;
        float distance = MathF.Sqrt(lx * lx + ly * ly);
        float angle = MathF.Atan2(ly, lx);
        float wobble = 2f * (_noise.Fractal(1.6f * MathF.Cos(angle) + 5f, 1.6f * MathF.Sin(angle) + 5f, 2) - 0.5f);
        float boundary = _radius * (1f + _irregularity * wobble);
        return distance >= boundary ? 0f : Shape.SmoothStep(boundary, boundary - _edge, distance);
    }
}

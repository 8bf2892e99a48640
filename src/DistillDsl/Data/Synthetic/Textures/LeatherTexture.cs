namespace DistillDsl.Data.Synthetic.Textures;

/// <summary>Pebbled leather: irregular domed cells (a jittered-grid Voronoi pattern) separated by dark creases, with
/// mottled colour and fine grain. The missing thread is an abraded strip: along a short straight band the creases are
/// worn flat and the surface is slightly polished.</summary>
internal sealed class LeatherTexture : ITexture
{
    private readonly ValueNoise _noise;
    private readonly Rotation _rotation;
    private readonly float _cell, _scale, _offsetX, _offsetY;
    private readonly Rgb _base;
    private readonly Rotation _stripFrame;
    private readonly float _stripFrom, _stripTo, _stripHalfWidth;

    public LeatherTexture(DeterministicRandom rng, int size)
    {
        _scale = size / 256f;
        _noise = new ValueNoise(rng.NextUInt64());
        _rotation = new Rotation(Shape.Degrees(rng.Uniform(0, 360)), size / 2f);
        _cell = MathF.Max(4f, (float)rng.Uniform(9, 13) * _scale);
        _offsetX = (float)rng.Uniform(0, 500);
        _offsetY = (float)rng.Uniform(0, 500);
        _base = new Rgb(0.47f, 0.31f, 0.2f).Jitter(rng, 0.05);

        // The strip's own frame: centred somewhere in the middle of the image, at any angle.
        float centre = size / 2f + (float)rng.Uniform(-0.2, 0.2) * size;
        _stripFrame = new Rotation(Shape.Degrees(rng.Uniform(0, 180)), centre);
        float length = (float)rng.Uniform(0.2, 0.45) * size;
        _stripFrom = -length / 2;
        _stripTo = length / 2;
        _stripHalfWidth = (float)rng.Uniform(2.5, 4) * MathF.Max(_scale, 0.6f);
    }

    public void Render(FloatImage image, bool removeLine)
    {
        float s = _scale;
        for (int y = 0; y < image.Size; y++)
        {
            for (int x = 0; x < image.Size; x++)
            {
                (float lx, float ly) = _rotation.ToLocal(x + 0.5f, y + 0.5f);
                (float nearest, float second) = Voronoi(lx / _cell + _offsetX, ly / _cell + _offsetY);
                float crease = Shape.SmoothStep(0.02f, 0.3f, second - nearest);
                float fromCentre = MathF.Min(nearest, 1f);
                float dome = 0.72f + 0.28f * (1f - fromCentre * fromCentre);

                if (removeLine)
                {
                    (float along, float across) = _stripFrame.ToLocal(x + 0.5f, y + 0.5f);
                    if (along >= _stripFrom && along <= _stripTo)
                    {
                        float taper = Shape.SmoothStep(_stripFrom, _stripFrom + 8 * s, along) * Shape.SmoothStep(_stripTo, _stripTo - 8 * s, along);
                        float wear = Shape.SmoothStep(_stripHalfWidth + 1f, _stripHalfWidth - 1f, MathF.Abs(across)) * taper;
                        crease += (1f - crease) * wear;
                        dome += (0.97f - dome) * wear;
                    }
                }

                float mottle = 0.9f + 0.2f * _noise.Fractal(x * 0.02f / s, y * 0.02f / s, 3);
                float grain = 0.94f + 0.12f * _noise.Sample(x * 0.7f / s, y * 0.7f / s);
                image[x, y] = _base * ((0.55f + 0.45f * crease) * dome * mottle * grain);
            }
        }
    }

    // Distances (in cell units) to the nearest and second-nearest feature point of a jittered grid.
    private (float Nearest, float Second) Voronoi(float gx, float gy)
    {
        int cx = (int)MathF.Floor(gx), cy = (int)MathF.Floor(gy);
        float nearest = float.MaxValue, second = float.MaxValue;
        for (int dy = -1; dy <= 1; dy++)
        {
            for (int dx = -1; dx <= 1; dx++)
            {
                int ix = cx + dx, iy = cy + dy;
                float px = ix + 0.1f + 0.8f * _noise.Lattice(ix, iy);
                float py = iy + 0.1f + 0.8f * _noise.Lattice(iy + 7919, ix);
                float d = MathF.Sqrt((px - gx) * (px - gx) + (py - gy) * (py - gy));
                if (d < nearest) { second = nearest; nearest = d; }
                else if (d < second) second = d;
            }
        }
        return (nearest, second);
    }
}

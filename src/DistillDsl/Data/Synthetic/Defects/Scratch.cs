namespace DistillDsl.Data.Synthetic.Defects;

/// <summary>A thin, slightly curved scratch (a quadratic Bézier curve): lighter (abraded) or darker (a groove) than the
/// surface, antialiased, its strength wavering along its length.</summary>
internal static class Scratch
{
    private const int Segments = 48;

    public static void Paint(FloatImage image, DeterministicRandom rng)
    {
        int size = image.Size;
        float scale = size / 256f;
        float length = (float)rng.Uniform(0.18, 0.35) * size;
        float halfWidth = (float)rng.Uniform(0.6, 1.1) * MathF.Max(scale, 0.6f);
        float strength = (float)rng.Uniform(0.25, 0.4);
        bool lighter = rng.NextDouble() < 0.65;
        var noise = new ValueNoise(rng.NextUInt64());

        float cx = (float)rng.Uniform(0.2, 0.8) * size, cy = (float)rng.Uniform(0.2, 0.8) * size;
        float direction = (float)rng.Uniform(0, Math.PI);
        float dx = MathF.Cos(direction) * length / 2, dy = MathF.Sin(direction) * length / 2;
        float bend = (float)rng.Uniform(-0.25, 0.25) * length;
        // Quadratic Bézier from (c − d) to (c + d), pulled sideways by 'bend' through its control point.
        float controlX = cx - MathF.Sin(direction) * bend, controlY = cy + MathF.Cos(direction) * bend;
        var points = new (float X, float Y)[Segments + 1];
        for (int i = 0; i <= Segments; i++)
        {
            float t = i / (float)Segments;
            float a = (1 - t) * (1 - t), b = 2 * (1 - t) * t, c = t * t;
            points[i] = (a * (cx - dx) + b * controlX + c * (cx + dx), a * (cy - dy) + b * controlY + c * (cy + dy));
        }

        (int x0, int y0, int x1, int y1) = Polyline.Bounds([points], halfWidth, size);
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                (float distance, float along) = Polyline.Nearest(points, x + 0.5f, y + 0.5f);
                float cover = distance >= halfWidth + 0.5f ? 0f : Shape.SmoothStep(halfWidth + 0.5f, halfWidth - 0.5f, distance);
                if (cover <= 0f) continue;
                float amount = strength * cover * (0.45f + 0.55f * noise.Fractal(along * 7f, 3f, 2));
                Rgb pixel = image[x, y];
                image[x, y] = lighter ? Rgb.Lerp(pixel, Rgb.Gray(1f), amount) : pixel * (1f - amount);
            }
        }
    }
}

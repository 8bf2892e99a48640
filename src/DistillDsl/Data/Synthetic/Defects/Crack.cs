namespace DistillDsl.Data.Synthetic.Defects;

/// <summary>A crack: a thin dark line that wanders in short straight steps around one heading and may fork once or twice,
/// darker than the surface (a shadowed gap), its depth wavering along it. Unlike a scratch it is jagged, and never lighter.</summary>
internal static class Crack
{
    public static void Paint(FloatImage image, DeterministicRandom rng)
    {
        int size = image.Size;
        float scale = size / 256f;
        float step = 3f * MathF.Max(scale, 0.5f);
        float length = (float)rng.Uniform(0.15, 0.3) * size;
        float heading = (float)rng.Uniform(0, 2 * Math.PI);
        var trunk = Walk(rng, (float)rng.Uniform(0.25, 0.75) * size, (float)rng.Uniform(0.25, 0.75) * size, heading, length, step);
        var lines = new List<(float X, float Y)[]> { trunk };
        int forks = rng.NextInt(3);
        for (int i = 0; i < forks; i++)
        {
            (float x, float y) = trunk[rng.NextInt(trunk.Length / 4, Math.Max(trunk.Length / 4 + 1, 3 * trunk.Length / 4))];
            float turn = (float)(rng.Uniform(25, 55) * Math.PI / 180) * (rng.NextBool() ? 1 : -1);
            lines.Add(Walk(rng, x, y, heading + turn, length * (float)rng.Uniform(0.3, 0.6), step));
        }
        float halfWidth = (float)rng.Uniform(0.5, 0.9) * MathF.Max(scale, 0.6f);
        float depth = (float)rng.Uniform(0.35, 0.6);
        var noise = new ValueNoise(rng.NextUInt64());

        (int x0, int y0, int x1, int y1) = Polyline.Bounds(lines, halfWidth, size);
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                float amount = 0f;
                foreach (var line in lines)
                {
                    (float distance, float along) = Polyline.Nearest(line, x + 0.5f, y + 0.5f);
                    float cover = distance >= halfWidth + 0.5f ? 0f : Shape.SmoothStep(halfWidth + 0.5f, halfWidth - 0.5f, distance);
                    amount = MathF.Max(amount, depth * cover * (0.6f + 0.4f * noise.Fractal(along * 9f, 7f, 2)));
                }
                if (amount > 0f) image[x, y] *= 1f - amount;
            }
        }
    }

    /// <summary>Points from (x, y) along <paramref name="heading"/>, each step turned a little from the last but never more
    /// than about 35° from the heading, so the line is jagged but goes somewhere.</summary>
    private static (float X, float Y)[] Walk(DeterministicRandom rng, float x, float y, float heading, float length, float step)
    {
        int steps = Math.Max(2, (int)(length / step));
        var points = new (float X, float Y)[steps + 1];
        points[0] = (x, y);
        float wander = 0f;
        for (int i = 1; i <= steps; i++)
        {
            wander = Math.Clamp(wander + (float)rng.Uniform(-0.45, 0.45), -0.6f, 0.6f);
            x += MathF.Cos(heading + wander) * step;
            y += MathF.Sin(heading + wander) * step;
            points[i] = (x, y);
        }
        return points;
    }
}

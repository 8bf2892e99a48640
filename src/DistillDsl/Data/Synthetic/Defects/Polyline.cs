namespace DistillDsl.Data.Synthetic.Defects;

/// <summary>Distances to a line drawn as straight segments between points, for the line-shaped defects.</summary>
internal static class Polyline
{
    /// <summary>The distance from (x, y) to the polyline, and the line parameter (0..1) of the nearest point.</summary>
    public static (float Distance, float Along) Nearest((float X, float Y)[] points, float x, float y)
    {
        float best = float.MaxValue, along = 0;
        for (int i = 0; i < points.Length - 1; i++)
        {
            (float ax, float ay) = points[i];
            float ex = points[i + 1].X - ax, ey = points[i + 1].Y - ay;
            float lengthSquared = ex * ex + ey * ey;
            float t = lengthSquared == 0 ? 0f : Math.Clamp(((x - ax) * ex + (y - ay) * ey) / lengthSquared, 0f, 1f);
            float px = ax + t * ex - x, py = ay + t * ey - y;
            float d = MathF.Sqrt(px * px + py * py);
            if (d < best) (best, along) = (d, (i + t) / (points.Length - 1));
        }
        return (best, along);
    }

    /// <summary>Pixel bounds (inclusive) of every point within <paramref name="reach"/> of the lines, clipped to the image.</summary>
    public static (int X0, int Y0, int X1, int Y1) Bounds(IEnumerable<(float X, float Y)[]> lines, float reach, int size)
    {
        var all = lines.SelectMany(l => l).ToList();
        int r = (int)MathF.Ceiling(reach) + 2;
        return (Math.Max(0, (int)all.Min(p => p.X) - r), Math.Max(0, (int)all.Min(p => p.Y) - r),
                Math.Min(size - 1, (int)all.Max(p => p.X) + r), Math.Min(size - 1, (int)all.Max(p => p.Y) + r));
    }
}

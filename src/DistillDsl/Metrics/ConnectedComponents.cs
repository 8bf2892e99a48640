namespace DistillDsl.Metrics;

/// <summary>Connected-component labelling of a binary mask with 8-connectivity (pixels touching at an edge or a corner belong
/// to the same component), as scipy.ndimage.label with a 3×3 structure of ones, which the MVTec AD evaluation uses.</summary>
public static class ConnectedComponents
{
    /// <summary>Labels every pixel: 0 for background, 1…count for the components, numbered in row-major order of their
    /// first pixel.</summary>
    /// <param name="mask">H·W values, row-major; true = foreground.</param>
    public static int[] Label(ReadOnlySpan<bool> mask, int width, int height, out int count)
    {
        if (width <= 0 || height <= 0 || mask.Length != width * height)
        {
            throw new ArgumentException($"A {width}×{height} mask needs {(long)width * height} pixels; got {mask.Length}.");
        }
        var labels = new int[mask.Length];
        var pending = new Stack<int>();
        count = 0;
        for (int start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || labels[start] != 0) continue;
            count++;
            // Flood fill with an explicit stack: a recursive fill would overflow on a large defect.
            labels[start] = count;
            pending.Push(start);
            while (pending.Count > 0)
            {
                int pixel = pending.Pop();
                int x = pixel % width, y = pixel / width;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int ny = y + dy;
                    if (ny < 0 || ny >= height) continue;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx;
                        if (nx < 0 || nx >= width) continue;
                        int neighbour = ny * width + nx;
                        if (mask[neighbour] && labels[neighbour] == 0)
                        {
                            labels[neighbour] = count;
                            pending.Push(neighbour);
                        }
                    }
                }
            }
        }
        return labels;
    }
}

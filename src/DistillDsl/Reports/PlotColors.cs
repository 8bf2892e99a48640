namespace DistillDsl.Reports;

/// <summary>The colours of report plots, with names, so summary.md can say which line is which even where a picture has no
/// legend text. The first ten are the usual Category10 colours.</summary>
internal static class PlotColors
{
    public static readonly (string Name, string Hex)[] Series =
    [
        ("blue", "#1f77b4"), ("orange", "#ff7f0e"), ("green", "#2ca02c"), ("red", "#d62728"), ("purple", "#9467bd"),
        ("brown", "#8c564b"), ("pink", "#e377c2"), ("grey", "#7f7f7f"), ("olive", "#bcbd22"), ("cyan", "#17becf"),
    ];

    /// <summary>Colour of series <paramref name="index"/>; colours repeat after ten series.</summary>
    public static (string Name, ScottPlot.Color Color) For(int index)
    {
        var (name, hex) = Series[index % Series.Length];
        return (name, ScottPlot.Color.FromHex(hex));
    }
}

namespace DistillDsl.Reports;

/// <summary>Makes plot text drawable, and the same on every Linux machine. SkiaSharp's Linux "NoDependencies" native build
/// (the one ScottPlot brings) does not use fontconfig: what it finds by itself varies (on Debian 12, SkiaSharp 3.119 picked
/// DejaVu Serif; 4.155 found nothing, and ScottPlot then drew plots without any text). So a known TTF file is registered by
/// path when there is one (Debian's fonts-dejavu-core provides DejaVu Sans); elsewhere (Windows, macOS) the system default
/// stays. Where no font is found at all, plots carry no text and their file names and summary.md describe the axes and colours.</summary>
internal static class PlotFonts
{
    private static readonly (string Family, string Regular, string Bold)[] Candidates =
    [
        ("DejaVu Sans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("Liberation Sans", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
        ("Noto Sans", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ];

    private static readonly Lazy<string?> Family = new(Register);

    /// <summary>The font family plots use, or null when none could be found (plots then carry no text).</summary>
    public static string? Ensure() => Family.Value;

    private static string? Register()
    {
        foreach (var (family, regular, bold) in Candidates)
        {
            if (!File.Exists(regular)) continue;
            ScottPlot.Fonts.AddFontFile(family, regular, bold: false, italic: false);
            // Titles and axis labels are bold; without a bold face registered they would silently not be drawn.
            ScottPlot.Fonts.AddFontFile(family, File.Exists(bold) ? bold : regular, bold: true, italic: false);
            ScottPlot.Fonts.Default = family;
            return family;
        }
        return string.IsNullOrEmpty(ScottPlot.Fonts.Default) ? null : ScottPlot.Fonts.Default;
    }
}

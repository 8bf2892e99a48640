namespace DistillDsl.Data.Synthetic;

/// <summary>Defects drawn onto synthetic textures; each becomes a test/&lt;defect&gt; folder named by <see cref="DefectKindNames.FolderName"/>.</summary>
public enum DefectKind
{
    /// <summary>A thin curved line, lighter or darker than the surface.</summary>
    Scratch,

    /// <summary>A small irregular hole showing a dark backing, with a frayed darker rim.</summary>
    Hole,

    /// <summary>An irregular darker, brownish patch through which the texture still shows.</summary>
    Stain,

    /// <summary>The family's line structure missing along a segment: a fabric thread, a wire, a wood fibre (a crack
    /// along the grain), leather creases (an abraded strip), or grout between tiles.</summary>
    MissingThread,

    /// <summary>A small patch of shifted hue at about the same brightness.</summary>
    ColorSpot,

    /// <summary>A thin dark jagged line that may fork: a crack in a tile, a board, a coating.</summary>
    Crack,

    /// <summary>A large region a little lighter or darker, with a wide soft edge: uneven coating, polish or discolouration.</summary>
    Shading,
}

public static class DefectKindNames
{
    public static string FolderName(this DefectKind defect) => defect switch
    {
        DefectKind.Scratch => "scratch",
        DefectKind.Hole => "hole",
        DefectKind.Stain => "stain",
        DefectKind.MissingThread => "missing_thread",
        DefectKind.ColorSpot => "color_spot",
        DefectKind.Crack => "crack",
        DefectKind.Shading => "shading",
        _ => throw new ArgumentOutOfRangeException(nameof(defect), defect, "unknown defect kind."),
    };
}

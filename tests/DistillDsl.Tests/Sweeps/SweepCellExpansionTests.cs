using System.Collections;
using DistillDsl.Data;
using DistillDsl.Sweeps;

namespace DistillDsl.Tests.Sweeps;

/// <summary>Cells of a description: order (config, category, seed = the Slurm array index), names, clashes, and the
/// description hash that decides whether two sweeps merge.</summary>
public sealed class SweepCellExpansionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sweep-expansion-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private SweepDescription Read(IDictionary values) => SweepDescriptionReader.Read(values, folder, "(test)");

    private static Hashtable Description(params (string Key, object Value)[] extra)
    {
        var table = new Hashtable
        {
            ["configs"] = new[] { "stpm", "layers_1_2" },
            ["data"] = "./data",
            ["categories"] = new[] { "carpet", "wood" },
            ["seeds"] = new object[] { 0, "2" },
            ["output"] = "./out",
        };
        foreach (var (key, value) in extra) table[key] = value;
        return table;
    }

    [Fact]
    public void Cells_are_configs_then_categories_then_seeds_with_indices_in_that_order()
    {
        IReadOnlyList<SweepCell> cells = Read(Description()).Cells;
        Assert.Equal(
            ["stpm.carpet.seed0", "stpm.carpet.seed2", "stpm.wood.seed0", "stpm.wood.seed2",
             "layers_1_2.carpet.seed0", "layers_1_2.carpet.seed2", "layers_1_2.wood.seed0", "layers_1_2.wood.seed2"],
            cells.Select(c => c.Name));
        Assert.Equal(Enumerable.Range(0, 8), cells.Select(c => c.Index));
        Assert.Equal(("layers_1_2", "wood", 2), (cells[7].Config.NameOrPath, cells[7].Category, cells[7].Seed));
    }

    [Fact]
    public void Name_parts_keep_only_safe_characters()
    {
        Assert.Equal("my-config.screw-2.seed-1", SweepCellExpansion.Name("my config", "screw/2", -1));
        Assert.Equal("-", SweepCellExpansion.Part(""));
    }

    [Fact]
    public void A_yaml_config_is_named_by_its_file_and_hashed_by_its_text()
    {
        string yaml = Path.Combine(folder, "mine.yaml");
        File.WriteAllText(yaml, "name: mine\n");
        SweepDescription first = Read(Description(("configs", new[] { "mine.yaml" })));
        Assert.Equal("mine.carpet.seed0", first.Cells[0].Name);
        Assert.Equal(yaml, first.Configs[0].NameOrPath);
        File.WriteAllText(yaml, "name: mine  # changed\n");
        Assert.NotEqual(first.Hash, Read(Description(("configs", new[] { "mine.yaml" }))).Hash);
    }

    [Fact]
    public void Two_configs_that_would_share_a_folder_are_refused()
    {
        Directory.CreateDirectory(Path.Combine(folder, "a"));
        Directory.CreateDirectory(Path.Combine(folder, "b"));
        File.WriteAllText(Path.Combine(folder, "a", "x.yaml"), "a");
        File.WriteAllText(Path.Combine(folder, "b", "x.yaml"), "b");
        var e = Assert.Throws<SweepException>(() => Read(Description(("configs", new[] { "a/x.yaml", "b/x.yaml" }))));
        Assert.Contains("would share the folder 'x.carpet.seed0'", e.Message);
    }

    [Fact]
    public void The_hash_covers_the_results_inputs_but_not_the_output_folder_or_name()
    {
        string hash = Read(Description()).Hash;
        Assert.Equal(hash, Read(Description(("output", "./elsewhere"), ("name", "other"))).Hash);
        Assert.NotEqual(hash, Read(Description(("epochs", 5))).Hash);
        Assert.NotEqual(hash, Read(Description(("seeds", new[] { 0 }))).Hash);
        Assert.NotEqual(hash, Read(Description(("device", "cuda"))).Hash);
        Assert.NotEqual(hash, Read(Description(("badImages", "skip"))).Hash);
        // The default policy is not part of the identity: a sweep described before the key existed keeps its hash and merges.
        Assert.Equal(hash, Read(Description(("bad_images", "Stop"))).Hash);
    }

    [Fact]
    public void BadImages_reads_stop_or_skip_and_stop_is_the_default()
    {
        Assert.Equal(BadSamplePolicy.Stop, Read(Description()).BadImages);
        Assert.Equal(BadSamplePolicy.Stop, Read(Description(("badImages", "stop"))).BadImages);
        Assert.Equal(BadSamplePolicy.SkipAndReport, Read(Description(("bad_images", "Skip"))).BadImages);
    }

    [Fact]
    public void Yaml_and_dictionary_give_the_same_description()
    {
        string yaml = Path.Combine(folder, "sweep.yaml");
        File.WriteAllText(yaml, "configs: [stpm, layers_1_2]\ndata: ./data\ncategories:\n  - carpet\n  - wood\nseeds: [0, 2]\nimage_size: 128\noutput: ./out\n");
        SweepDescription fromFile = SweepDescriptionReader.ReadFile(yaml);
        SweepDescription fromTable = Read(Description(("imageSize", 128)));
        Assert.Equal(fromTable.Hash, fromFile.Hash);
        Assert.Equal(128, fromFile.ImageSize);
        Assert.Equal(Path.Combine(folder, "out"), fromFile.OutputPath);
        Assert.Equal("out", fromFile.Name);
    }

    [Theory]
    [InlineData("epoch", 3, "unknown key 'epoch'")]
    [InlineData("epochs", "many", "'epochs' must be a whole number, not 'many'")]
    [InlineData("epochs", 0, "'epochs' must be at least 1")]
    [InlineData("seeds", "", "'seeds' has an empty entry")]
    [InlineData("learningRate", "-1", "'learningRate' must be a positive number")]
    [InlineData("badImages", "ignore", "'badImages' must be stop or skip, not 'ignore'")]
    public void Bad_values_are_refused_with_the_source_and_the_reason(string key, object value, string reason)
    {
        var e = Assert.Throws<SweepException>(() => Read(Description((key, value))));
        Assert.StartsWith("Sweep description (test): ", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Missing_keys_and_repeated_values_are_refused()
    {
        var noData = Description();
        noData.Remove("data");
        Assert.Contains("'data' (the dataset root) is missing", Assert.Throws<SweepException>(() => Read(noData)).Message);
        Assert.Contains("'categories' lists 'wood' twice", Assert.Throws<SweepException>(() => Read(Description(("categories", new[] { "wood", "Wood" })))).Message);
        Assert.Contains("neither a compiled config", Assert.Throws<SweepException>(() => Read(Description(("configs", "nope")))).Message);
    }

    [Fact]
    public void A_yaml_file_that_is_not_a_mapping_names_the_file()
    {
        string yaml = Path.Combine(folder, "list.yaml");
        File.WriteAllText(yaml, "- stpm\n");
        var e = Assert.Throws<SweepException>(() => SweepDescriptionReader.ReadFile(yaml));
        Assert.Contains(yaml, e.Message);
        Assert.Contains("must be a mapping", e.Message);
    }
}

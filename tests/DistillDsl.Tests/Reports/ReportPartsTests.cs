using DistillDsl.Evaluation;
using DistillDsl.Reports;

namespace DistillDsl.Tests.Reports;

public class ReportPartsTests
{
    [Fact]
    public void Defect_type_auroc_compares_each_type_with_the_normal_images_only()
    {
        // Normals 0.1, 0.4. "a": 0.5, 0.3 → pairs won 2 + 1 of 4 = 0.75. "b": 0.05 → 0 of 2 = 0.
        ScoredImage[] images =
        [
            new("n1", "good", false, 0.1f, null), new("n2", "good", false, 0.4f, null),
            new("a1", "a", true, 0.5f, null), new("a2", "a", true, 0.3f, null), new("b1", "b", true, 0.05f, null),
        ];
        Assert.Equal(new[] { new DefectTypeAuroc("a", 2, 0.75), new DefectTypeAuroc("b", 1, 0.0) }, DefectTypeAuroc.Compute(images));
    }

    [Fact]
    public void Defect_type_auroc_without_normal_images_is_undefined()
    {
        Assert.Null(DefectTypeAuroc.Compute([new ScoredImage("a1", "a", true, 0.5f, null)])[0].ImageAuroc);
    }

    [Fact]
    public void Histogram_bins_are_shared_and_include_the_top_edge()
    {
        // Scores 0 … 1 in 4 bins of 0.25: good 0, 0.2 → bin 0; crack 0.5 → bin 2, 1.0 → bin 3 (top edge included).
        ScoredImage[] images =
        [
            new("c1", "crack", true, 0.5f, null), new("g1", "good", false, 0f, null),
            new("g2", "good", false, 0.2f, null), new("c2", "crack", true, 1f, null),
        ];
        ScoreHistogram histogram = ScoreHistogram.Compute(images, bins: 4);
        Assert.Equal(new[] { 0, 0.25, 0.5, 0.75, 1 }, histogram.BinEdges);
        Assert.Equal(new[] { "good", "crack" }, histogram.Groups.Select(g => g.DefectType));
        Assert.Equal(new[] { 2, 0, 0, 0 }, histogram.Groups[0].Counts);
        Assert.Equal(new[] { 0, 0, 1, 1 }, histogram.Groups[1].Counts);
    }

    [Fact]
    public void Histogram_of_equal_scores_gets_a_unit_range()
    {
        ScoreHistogram histogram = ScoreHistogram.Compute([new ScoredImage("g", "good", false, 2f, null)], bins: 2);
        Assert.Equal(new[] { 1.5, 2, 2.5 }, histogram.BinEdges);
        Assert.Equal(new[] { 0, 1 }, histogram.Groups[0].Counts);
    }

    [Fact]
    public void Cpu_model_comes_from_the_first_model_name_line()
    {
        string cpuInfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel\t\t: 85\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n\nprocessor\t: 1\nmodel name\t: other\n";
        Assert.Equal("Intel(R) Xeon(R) CPU @ 2.20GHz", MachineInfo.CpuModelFromCpuInfo(cpuInfo));
        Assert.Null(MachineInfo.CpuModelFromCpuInfo("processor\t: 0\nBogoMIPS\t: 50.00\n"));
    }

    [Fact]
    public void Machine_description_takes_the_torch_values_given_and_reads_the_rest()
    {
        MachineInfo machine = MachineInfo.Describe("cuda:1", 7);
        Assert.Equal(("cuda:1", 7), (machine.Device, machine.TorchThreads));
        Assert.Equal(Environment.ProcessorCount, machine.LogicalCores);
        Assert.Contains(".NET", machine.DotNetVersion);
        Assert.False(string.IsNullOrWhiteSpace(machine.OperatingSystem));
    }
}

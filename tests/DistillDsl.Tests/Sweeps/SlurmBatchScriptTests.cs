using DistillDsl.Sweeps;

namespace DistillDsl.Tests.Sweeps;

/// <summary>The sbatch array script, checked as text (the Pester sweep tests submit it to a real cluster).</summary>
public sealed class SlurmBatchScriptTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sweep-sbatch-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private SweepManifest Manifest(string device = "cpu")
    {
        var description = SweepDescriptionReader.Read(new System.Collections.Hashtable
        {
            ["name"] = "layers", ["configs"] = new[] { "stpm", "layers_1_2" }, ["data"] = "./data", ["categories"] = "carpet",
            ["seeds"] = new[] { 0, 1, 2 }, ["device"] = device, ["output"] = "./sweep",
        }, folder, "(test)");
        return new SweepManifest(SweepManifest.CurrentSchema, description.Hash, DateTimeOffset.UnixEpoch, description, description.Cells);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5 }, "0-5")]
    [InlineData(new[] { 5, 0, 2, 3 }, "0,2-3,5")]
    [InlineData(new[] { 3 }, "3")]
    public void Array_spec_is_compact(int[] indices, string spec) => Assert.Equal(spec, SlurmBatchScript.ArraySpec(indices));

    [Fact]
    public void Script_asks_for_the_resources_and_runs_the_cell_of_its_array_index()
    {
        string script = SlurmBatchScript.Write(Manifest("cuda"), [1, 4], new SlurmJobOptions(8, "02:00:00", "16G", Gpu: true, "gpu", "lab42", MaxRunning: 10),
            ["/opt/pwsh", "-Command", "Invoke-DistillSweepCell -Index $env:SLURM_ARRAY_TASK_ID -Path 'it''s'"]);
        string[] lines = script.Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        Assert.Contains("#SBATCH --array=1,4%10", lines);
        Assert.Contains("#SBATCH --cpus-per-task=8", lines);
        Assert.Contains("#SBATCH --time=02:00:00", lines);
        Assert.Contains("#SBATCH --mem=16G", lines);
        Assert.Contains("#SBATCH --gres=gpu:1", lines);
        Assert.Contains("#SBATCH --partition=gpu", lines);
        Assert.Contains("#SBATCH --account=lab42", lines);
        Assert.Contains("#SBATCH --job-name=distill-layers", lines);
        Assert.Contains($"#SBATCH --output={Path.Combine(folder, "sweep", "slurm", "logs")}/%A_%a.out", lines);
        Assert.Contains("#   4: layers_1_2.carpet.seed1", lines);
        // The command survives bash quoting word for word, $env: left for PowerShell.
        Assert.Contains(@"exec /opt/pwsh -Command 'Invoke-DistillSweepCell -Index $env:SLURM_ARRAY_TASK_ID -Path '\''it'\'''\''s'\'''", lines);
    }

    [Fact]
    public void Cpu_cells_ask_for_no_gpu_and_no_partition_unless_given()
    {
        string script = SlurmBatchScript.Write(Manifest(), [0], new SlurmJobOptions(1, "00:10:00", "1G", Gpu: false), ["pwsh"]);
        Assert.DoesNotContain("--gres", script);
        Assert.DoesNotContain("--partition", script);
        Assert.DoesNotContain("--account", script);
        Assert.DoesNotContain("--hold", script);
        Assert.Contains("#SBATCH --array=0\n", script);
    }

    [Fact]
    public void A_held_submission_asks_sbatch_to_hold_the_array()
    {
        string script = SlurmBatchScript.Write(Manifest(), [0, 1], new SlurmJobOptions(1, "00:10:00", "1G", Gpu: false, Hold: true), ["pwsh"]);
        Assert.Contains("#SBATCH --hold", script.Split('\n'));
    }

    [Fact]
    public void Options_with_spaces_are_refused() =>
        Assert.Throws<ArgumentException>(() => SlurmBatchScript.Write(Manifest(), [0], new SlurmJobOptions(1, "1 day", "1G", false), ["pwsh"]));
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DistillDsl.Data;

namespace DistillDsl.Sweeps;

/// <summary>What a sweep is: configs × categories × seeds on one dataset root, with the training overrides every cell
/// shares, and where the cells go. Paths are absolute (resolved when read).</summary>
/// <param name="Epochs">Overrides; null keeps the config's value.</param>
/// <param name="Device">cpu, cuda or cuda:N; every cell trains there.</param>
/// <param name="BadImages">What a cell does with an image it cannot read (Invoke-DistillTraining's -BadImage): stop, or
/// leave it out and list it.</param>
public sealed record SweepDescription(
    string Name,
    IReadOnlyList<SweepConfig> Configs,
    string DataPath,
    IReadOnlyList<string> Categories,
    IReadOnlyList<int> Seeds,
    int? Epochs,
    int? ImageSize,
    int? BatchSize,
    double? LearningRate,
    string Device,
    string OutputPath,
    BadSamplePolicy BadImages = BadSamplePolicy.Stop)
{
    /// <summary>SHA-256 of everything that decides the cells' results (not the output folder, nor how cells are run), so
    /// two sweeps into one root merge exactly when they would compute the same cells.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Hash
    {
        get
        {
            var identity = new
            {
                configs = Configs.Select(c => new { c.NameOrPath, c.Sha256 }),
                data = DataPath,
                categories = Categories,
                seeds = Seeds,
                epochs = Epochs,
                imageSize = ImageSize,
                batchSize = BatchSize,
                learningRate = LearningRate,
                device = Device,
            };
            string text = JsonSerializer.Serialize(identity);
            // Only a policy other than the default is part of the identity, so sweeps described before it existed keep their hash.
            if (BadImages != BadSamplePolicy.Stop) text += $"|badImages={BadImages}";
            byte[] bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            return Convert.ToHexStringLower(bytes);
        }
    }

    /// <summary>Every cell, in a fixed order (config, then category, then seed): a cell's index is its Slurm array index.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<SweepCell> Cells => SweepCellExpansion.Expand(this);
}

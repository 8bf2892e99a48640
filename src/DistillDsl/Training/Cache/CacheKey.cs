using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DistillDsl.Data;
using DistillDsl.Graphs;
using static TorchSharp.torch;

namespace DistillDsl.Training.Cache;

/// <summary>What a cached set of images and teacher features was computed from; a stored cache is used only when its key
/// equals the run's. It covers the config, the teachers' actual weights (so a replaced weights file is noticed), the image
/// size, the memory format and precision of the teacher pass, and each image file's path, length and modification time.</summary>
internal static class CacheKey
{
    private const string Version = "distill-training-cache 1";

    public static string Compute(DistillGraph graph, string configSha256, int imageSize, bool channelsLast, CachePrecision precision,
                                 IReadOnlyList<DatasetSample> samples, bool teacherTaps = true)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Line(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));

        Line(Version);
        Line(configSha256);
        Line(string.Create(CultureInfo.InvariantCulture, $"size {imageSize}, channels-last {channelsLast}, {precision}, teacher taps {teacherTaps}"));
        foreach (DistillBranch branch in graph.Branches)
        {
            Line("teacher " + branch.Name);
            foreach (var (name, value) in branch.Teacher.AsModule().state_dict())
            {
                Line(name);
                using Tensor cpu = value.detach().cpu().contiguous();
                hash.AppendData(cpu.bytes);
            }
        }
        foreach (DatasetSample sample in samples)
        {
            var file = new FileInfo(sample.ImagePath);
            Line(string.Create(CultureInfo.InvariantCulture, $"{file.FullName}\t{file.Length}\t{file.LastWriteTimeUtc.Ticks}"));
        }
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}

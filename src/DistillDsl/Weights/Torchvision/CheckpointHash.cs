using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DistillDsl.Weights.Torchvision;

/// <summary>torchvision names checkpoints <c>name-&lt;hex&gt;.pth</c>, where hex is the start of the file's SHA-256
/// (torch.hub checks it after downloading). The same check catches a truncated or damaged copy here.</summary>
public static partial class CheckpointHash
{
    // torch.hub takes the hex digits between the first '-' and '.'; at least 8 are required here (torchvision always
    // uses 8) so that names such as "model-2024.pth" are not mistaken for hash prefixes.
    [GeneratedRegex(@"-(?<prefix>[0-9a-f]{8,64})\.", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    /// <summary>The SHA-256 prefix the file name claims, or null when it carries none.</summary>
    public static string? ClaimedPrefix(string path)
    {
        Match match = PrefixPattern().Match(Path.GetFileName(path));
        return match.Success ? match.Groups["prefix"].Value : null;
    }

    /// <summary>Checks the file against the prefix its name claims; does nothing when the name claims none.</summary>
    /// <exception cref="WeightsException">The file's SHA-256 does not start with the claimed prefix.</exception>
    public static void Verify(string path)
    {
        string? prefix = ClaimedPrefix(path);
        if (prefix is null) return;

        string actual;
        using (FileStream stream = File.OpenRead(path))
        {
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        if (!actual.StartsWith(prefix, StringComparison.Ordinal))
        {
            string source = TorchvisionCheckpoints.DownloadUrl(Path.GetFileName(path)) is { } url ? $"download it again from {url}" : "get a fresh copy";
            throw new WeightsException(
                $"Checkpoint '{path}' is damaged or not the file its name claims: the name says its SHA-256 starts with " +
                $"{prefix}, but it is {actual}. The file may be truncated or corrupt; {source}.",
                path);
        }
    }
}

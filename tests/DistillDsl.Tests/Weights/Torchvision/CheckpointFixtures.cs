namespace DistillDsl.Tests.Weights.Torchvision;

/// <summary>Files written by Fixtures/Torchvision/make_tiny_checkpoints.py (Debian's /usr/bin/python3, python3-torch 1.13),
/// and a temporary folder per test.</summary>
internal sealed class CheckpointFixtures : IDisposable
{
    /// <summary>torch.save(state_dict) of TinyNet; the name carries the first 8 hex digits of the file's SHA-256.</summary>
    public const string TinyNetFileName = "tiny_net-60296a7c.pth";

    public static string Fixture(string fileName) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Torchvision", fileName);

    public string Folder { get; } = Directory.CreateTempSubdirectory("distill-weights-").FullName;

    public string PathIn(params string[] parts) => Path.Combine([Folder, .. parts]);

    /// <summary>Copies a fixture into the temporary folder under another name.</summary>
    public string CopyAs(string fixture, string fileName)
    {
        string destination = PathIn(fileName);
        File.Copy(Fixture(fixture), destination);
        return destination;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

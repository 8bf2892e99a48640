using System.Reflection;

namespace DistillDsl.Generators.Tests.Support;

/// <summary>Snapshot files after Verify's convention: <c>Snapshots/&lt;area&gt;/&lt;name&gt;.verified.&lt;ext&gt;</c> is
/// committed; a mismatch writes <c>.received.&lt;ext&gt;</c> beside it and fails. To accept a change, rename received to
/// verified, or run the tests with DISTILLDSL_ACCEPT_SNAPSHOTS=1 (which overwrites the verified files) and review the
/// diff in git. Text is compared with \n line endings.</summary>
internal static class Snapshot
{
    public const string AcceptVariable = "DISTILLDSL_ACCEPT_SNAPSHOTS";

    /// <param name="name">Path under Snapshots/ without extension, e.g. <c>Emitter/stpm</c>.</param>
    /// <param name="extension">e.g. <c>cs</c> or <c>txt</c>.</param>
    public static void Match(string actual, string name, string extension)
    {
        string basePath = Path.Combine(SnapshotFolder, name.Replace('/', Path.DirectorySeparatorChar));
        string verified = $"{basePath}.verified.{extension}";
        string received = $"{basePath}.received.{extension}";
        string normalized = actual.Replace("\r\n", "\n");
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;

        if (expected == normalized)
        {
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, normalized);
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, normalized);
        Assert.Fail(
            (expected is null ? $"No snapshot {verified} yet." : $"Snapshot differs from {verified}: {FirstDifference(expected, normalized)}.") +
            $"\nReceived: {received}\nCompare: diff -u '{verified}' '{received}'" +
            $"\nAccept: mv '{received}' '{verified}', or run the tests with {AcceptVariable}=1.");
    }

    /// <summary>The source folder's Snapshots/ (the build records the project folder in the test assembly).</summary>
    private static string SnapshotFolder
    {
        get
        {
            string project = typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "ProjectDirectory").Value!;
            return Path.Combine(project, "Snapshots");
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] expectedLines = expected.Split('\n'), actualLines = actual.Split('\n');
        for (int i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            string? e = i < expectedLines.Length ? expectedLines[i] : null;
            string? a = i < actualLines.Length ? actualLines[i] : null;
            if (e != a) return $"line {i + 1} was \"{e ?? "<end of file>"}\", is \"{a ?? "<end of file>"}\"";
        }
        return "no line differs";
    }
}

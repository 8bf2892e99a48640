using DistillDsl.IO;

namespace DistillDsl.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void A_failed_write_keeps_the_previous_file_and_leaves_no_temporary()
    {
        string folder = Directory.CreateTempSubdirectory("atomic-").FullName;
        string path = Path.Combine(folder, "report.json");
        try
        {
            AtomicFile.WriteAllText(path, "old");
            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
            {
                stream.Write("half"u8);
                throw new InvalidOperationException("crash while writing");
            }));
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(folder));

            AtomicFile.WriteAllText(path, "new");
            Assert.Equal("new", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

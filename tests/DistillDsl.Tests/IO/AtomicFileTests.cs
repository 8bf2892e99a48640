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

    [Fact]
    public void Stale_temporaries_of_a_file_are_deleted_and_nothing_else()
    {
        string folder = Directory.CreateTempSubdirectory("atomic-").FullName;
        try
        {
            string path = Path.Combine(folder, "last.ckpt");
            string stale = Path.Combine(folder, "last.ckpt.0123abcd.tmp");
            string[] kept = ["last.ckpt", "last.ckpt.notes.tmp", "last.ckpt.0123abcz.tmp", "best.ckpt.0123abcd.tmp", "last.ckpt.0123abcd.tmp.bak"];
            foreach (string name in kept.Append(Path.GetFileName(stale))) File.WriteAllText(Path.Combine(folder, name), "x");

            IReadOnlyList<string> deleted = AtomicFile.DeleteStaleTemporaries(path);

            Assert.Equal([stale], deleted);
            Assert.Equal(kept.Order(StringComparer.Ordinal), Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Empty(AtomicFile.DeleteStaleTemporaries(Path.Combine(folder, "missing", "last.ckpt")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_stale_temporary_of_a_folder_is_deleted_and_no_other_file()
    {
        string folder = Directory.CreateTempSubdirectory("atomic-").FullName;
        try
        {
            string[] temporaries = ["scores.csv.0123abcd.tmp", "a.png.ffffffff.tmp"];
            string[] kept = ["scores.csv", "notes.tmp", "x.0123abcd.tmp.bak", "y.0123abcg.tmp", "z.0123abc.tmp"];
            foreach (string name in temporaries.Concat(kept)) File.WriteAllText(Path.Combine(folder, name), "x");
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.WriteAllText(Path.Combine(folder, "sub", "b.png.01234567.tmp"), "x");

            Assert.All(temporaries, t => Assert.True(AtomicFile.IsTemporary(t)));
            Assert.All(kept, k => Assert.False(AtomicFile.IsTemporary(k)));
            Assert.Equal(temporaries.Order(StringComparer.Ordinal), AtomicFile.DeleteStaleTemporariesIn(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(kept.Order(StringComparer.Ordinal), Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.True(File.Exists(Path.Combine(folder, "sub", "b.png.01234567.tmp")), "a subfolder was touched");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

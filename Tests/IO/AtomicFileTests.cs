using NeuralIk.Engine.IO;
using Xunit;

namespace NeuralIk.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("neuralik-io-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_write_that_dies_midway_leaves_the_old_file_intact_and_no_temporary()
    {
        var path = Path.Combine(_dir, "model.bin");
        File.WriteAllText(path, "old content");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[10_000]);
            throw new IOException("simulated crash halfway through the save");
        }));
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_completed_write_replaces_the_file_and_creates_folders()
    {
        var path = Path.Combine(_dir, "sub", "x.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "sub")));
    }
}

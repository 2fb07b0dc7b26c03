using NeuralIk.Engine.IO;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.IO;

public sealed class AtomicFileTests : TempFolder
{
    [Fact]
    public void A_write_that_dies_midway_leaves_the_old_file_intact_and_no_temporary()
    {
        var path = In("model.bin");
        File.WriteAllText(path, "old content");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[10_000]);
            throw new IOException("simulated crash halfway through the save");
        }));
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(Folder));
    }

    [Fact]
    public void A_completed_write_replaces_the_file_and_creates_folders()
    {
        var path = Path.Combine(Folder, "sub", "x.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(In("sub")));
    }
}

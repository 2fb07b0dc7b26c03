namespace NeuralIk.Engine.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one, never a
/// partial file: write to a temporary file in the same folder, flush it to disk, then rename.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> atomically. A path that is a folder, or in a folder that cannot be created
    /// or written, throws <see cref="FileWriteException"/> naming the user's path (never the temporary name).
    /// A symbolic link is written through: its target gets the new content and the link stays.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Resolve(path);
        if (Directory.Exists(full))
            throw new FileWriteException(path, "it is a folder");
        var folder = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = FileSystem(path, () =>
            {
                Directory.CreateDirectory(folder);
                return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            });
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            FileSystem(path, () => File.Move(temp, full, overwrite: true));
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    // A file-system call on the user's behalf: its failure names the user's path, not the temporary file.
    static T FileSystem<T>(string path, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileWriteException(path,
                e is UnauthorizedAccessException ? "permission denied" : "the file system refused it");
        }
    }

    static void FileSystem(string path, Action call) => FileSystem(path, () =>
    {
        call();
        return 0;
    });

    // The final target of a symbolic link (chains of links included), so the rename replaces the file, not the link.
    static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        return info.LinkTarget is not null ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full;
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            using var writer = new StreamWriter(s, leaveOpen: true);
            writer.Write(text);
        });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }
}

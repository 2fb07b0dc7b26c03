using System.CommandLine;
using NeuralIk.Engine.IO;

namespace NeuralIk.Cli;

/// <summary>
/// Output paths checked while the command line is parsed, before any work starts, so a long run never ends in
/// "cannot write": the folder (or the nearest existing one above it) must be writable, a file path must not be
/// a folder (and a folder path not a file). Each failure is a one-line parse error naming the option and path.
/// </summary>
public static class OutputPath
{
    /// <summary>An option naming a folder the command writes into (train --out, eval --heatmap).</summary>
    public static Option<T> Folder<T>(Option<T> option) => Checked(option, isFolder: true);

    /// <summary>An option naming a file the command writes (solve --output, render --out, …).</summary>
    public static Option<T> File<T>(Option<T> option) => Checked(option, isFolder: false);

    static Option<T> Checked<T>(Option<T> option, bool isFolder)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is string path && Problem(path, isFolder) is { } problem)
                result.AddError($"{option.Name}: {problem}");
        });
        return option;
    }

    static string? Problem(string path, bool isFolder)
    {
        if (isFolder && System.IO.File.Exists(path))
            return $"{path} is a file, expected a folder";
        if (!isFolder && Directory.Exists(path))
            return $"{path} is a folder, expected a file name";
        var folder = isFolder ? Path.GetFullPath(path) : Path.GetDirectoryName(Path.GetFullPath(path))!;
        // The folder may not exist yet: probe the nearest one that does, without creating anything (parsing
        // may still fail on another option), and report the user's path, never the probe's.
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (System.IO.File.Exists(existing))
                return $"cannot write in {folder}: {existing} is a file";
            existing = Path.GetDirectoryName(existing);
            if (existing is null)
                return $"cannot write in {folder}";
        }
        var probe = Path.Combine(existing, $".neural-ik-probe-{Environment.ProcessId}");
        try
        {
            AtomicFile.WriteAllText(probe, "");
            System.IO.File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write in {folder}";
        }
    }
}

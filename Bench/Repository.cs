namespace NeuralIk.Bench;

/// <summary>Files of this repository, found from where the bench runs (its bin, or BenchmarkDotNet's copy in it).
/// </summary>
public static class Repository
{
    public static string File(string relative)
    {
        var root = AppContext.BaseDirectory;
        while (!System.IO.File.Exists(Path.Combine(root, "NeuralIk.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("NeuralIk.sln not found");
        return Path.Combine(root, relative);
    }
}
